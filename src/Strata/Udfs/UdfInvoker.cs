using System.Linq.Expressions;
using System.Reflection;
using Polly;
using Polly.Retry;
using Strata.Data;

namespace Strata.Udfs;

/// <summary>
/// Runs one UDF over batches on one worker thread. Calls are compiled once into typed delegates
/// (values read from columns and appended to builders without boxing); stateful UDFs get one instance,
/// set up here and disposed with the invoker. Applies the UDF's error policy per row (per batch for
/// batch UDFs, falling back to single rows to isolate failures when skipping).
/// </summary>
internal sealed class UdfInvoker : IDisposable
{
    private delegate void RowCall(object?[] readers, object? instance, int row, ColumnBuilder[] builders, object[] appenders);
    private delegate object? BoxedCall(object?[] readers, object? instance, int row);

    private readonly Udf _udf;
    private readonly object? _instance;
    private readonly RowCall? _rowCall;
    private readonly BoxedCall? _boxedCall;
    private readonly Type[] _parameterTypes = [];
    private readonly bool[] _skipOnNull = [];
    private readonly ResiliencePipeline? _retry;
    private long _calls;

    public UdfInvoker(Udf udf)
    {
        _udf = udf;
        if (udf.StatefulType is { } type)
        {
            _instance = Activator.CreateInstance(type);
            try
            {
                ((IStatefulUdf)_instance!).Setup();
            }
            catch (Exception e)
            {
                (_instance as IDisposable)?.Dispose();
                throw new UdfFailedException(udf.Name, null, 1, e);
            }
        }
        if (udf.BatchFunction is null && _instance is not IBatchUdf)
        {
            var method = udf.Method!;
            _parameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
            _skipOnNull = _parameterTypes.Select(t => t.IsValueType && Nullable.GetUnderlyingType(t) is null).ToArray();
            (_rowCall, _boxedCall) = Compile(udf, method);
        }
        var policy = udf.Options.ErrorPolicy;
        if (policy.MaxAttempts > 1)
        {
            _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxAttempts - 1,
                BackoffType = policy.Backoff switch
                {
                    BackoffKind.Fixed => DelayBackoffType.Constant,
                    BackoffKind.Linear => DelayBackoffType.Linear,
                    _ => DelayBackoffType.Exponential,
                },
                Delay = policy.Delay,
                MaxDelay = policy.MaxDelay,
                UseJitter = policy.Jitter,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException && policy.IsRetryable(e)),
            }).Build();
        }
    }

    /// <summary>How many times the user's function has been invoked by this worker.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>True when the UDF is called per row (any rows may be passed at once); false for a batch UDF.</summary>
    public bool IsRowWise => _rowCall is not null;

    /// <summary>
    /// Computes the outputs for the rows of <paramref name="inputs"/> (columns named as the UDF's inputs)
    /// where <paramref name="include"/> is true (all when null); other rows get null.
    /// <paramref name="rowIds"/> (optional) names rows in errors.
    /// </summary>
    /// <exception cref="UdfFailedException">A row failed under a fail-fast policy.</exception>
    public UdfRunResult Run(RecordBatch inputs, bool[]? include, long[]? rowIds, CancellationToken ct)
    {
        var errors = new List<UdfRowError>();
        var retries = new List<UdfRowError>();
        var before = Calls;
        var columns = _rowCall is not null
            ? RunRows(inputs, include, rowIds, errors, retries, ct)
            : RunBatches(inputs, include, rowIds, errors, retries, ct);
        return new UdfRunResult(columns, errors, retries, Calls - before);
    }

    private Column[] RunRows(RecordBatch inputs, bool[]? include, long[]? rowIds, List<UdfRowError> errors, List<UdfRowError> retries,
        CancellationToken ct)
    {
        var n = inputs.RowCount;
        var outputs = _udf.Outputs;
        var builders = outputs.Select(f => ColumnBuilder.Create(f.Type, n)).ToArray();
        var appenders = outputs.Select((f, i) => ValueAppenders.Create(OutputClrType(i), f.Type, f.Name)).ToArray();
        var readers = new object?[_parameterTypes.Length];
        var cols = new Column[_parameterTypes.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            cols[i] = inputs.Column(_udf.Inputs[i]);
            readers[i] = ValueReaders.Create(_parameterTypes[i], cols[i], _udf.Inputs[i]);
        }
        var policy = _udf.Options.ErrorPolicy;
        var timeout = _udf.Options.RowTimeout;
        for (var row = 0; row < n; row++)
        {
            if ((row & 1023) == 0) ct.ThrowIfCancellationRequested();
            if ((include is not null && !include[row]) || NullInputSkips(cols, row))
            {
                foreach (var b in builders) b.AppendNull();
                continue;
            }
            if (_retry is null && timeout is null)
            {
                try
                {
                    Interlocked.Increment(ref _calls);
                    _rowCall!(readers, _instance, row, builders, appenders);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Fail(row, 1, e, rowIds, errors, builders);
                }
                continue;
            }
            var attempt = 0;
            try
            {
                var value = Execute(() =>
                {
                    attempt++;
                    try
                    {
                        return CallBoxed(readers, row, timeout, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException && attempt < policy.MaxAttempts && policy.IsRetryable(e))
                    {
                        retries.Add(new UdfRowError(row, attempt, e));
                        throw;
                    }
                }, ct);
                AppendBoxed(builders, value);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail(row, attempt, e, rowIds, errors, builders);
            }
        }
        return builders.Select(b => b.Build()).ToArray();
    }

    private void Fail(int row, int attempts, Exception e, long[]? rowIds, List<UdfRowError> errors, ColumnBuilder[] builders)
    {
        if (_udf.Options.ErrorPolicy.Mode == ErrorMode.FailFast)
            throw new UdfFailedException(_udf.Name, rowIds?[row], attempts, e);
        errors.Add(new UdfRowError(row, attempts, e));
        foreach (var b in builders)
            if (b.Count == row) b.AppendNull();
    }

    private T Execute<T>(Func<T> action, CancellationToken ct) =>
        _retry is null ? action() : _retry.Execute(_ => action(), ct);

    private object? CallBoxed(object?[] readers, int row, TimeSpan? timeout, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        if (timeout is not { } t) return _boxedCall!(readers, _instance, row);
        // A dedicated thread per timed call: an abandoned slow call keeps only its own thread, never a pool thread that later rows need.
        var task = Task.Factory.StartNew(() => _boxedCall!(readers, _instance, row), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            if (!task.Wait(t, ct)) throw new TimeoutException($"UDF '{_udf.Name}' took longer than {t.TotalMilliseconds:0} ms on one row.");
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerException!).Throw();
        }
        return task.Result;
    }

    private void AppendBoxed(ColumnBuilder[] builders, object? value)
    {
        if (builders.Length == 1)
        {
            builders[0].Append(value);
            return;
        }
        var members = OutputMembers(_udf.ReturnType!, _udf.Outputs.Select(o => o.Name).ToList());
        for (var i = 0; i < builders.Length; i++)
            builders[i].Append(value is null ? null : members[i].Member is FieldInfo f ? f.GetValue(value) : ((PropertyInfo)members[i].Member).GetValue(value));
    }

    private bool NullInputSkips(Column[] cols, int row)
    {
        for (var i = 0; i < cols.Length; i++)
            if (_skipOnNull[i] && cols[i].IsNull(row)) return true;
        return false;
    }

    private Column[] RunBatches(RecordBatch inputs, bool[]? include, long[]? rowIds, List<UdfRowError> errors, List<UdfRowError> retries,
        CancellationToken ct)
    {
        var outputType = _udf.Outputs[0].Type;
        var n = inputs.RowCount;
        var selected = new List<int>(n);
        for (var r = 0; r < n; r++) if (include is null || include[r]) selected.Add(r);
        var results = new Column?[n];
        var resultRow = new int[n];
        var size = _udf.Options.BatchSize;
        var projected = inputs.Select(_udf.Inputs.ToArray());
        for (var start = 0; start < selected.Count; start += size)
        {
            ct.ThrowIfCancellationRequested();
            var rows = selected.GetRange(start, Math.Min(size, selected.Count - start));
            var chunk = projected.Take(rows);
            Column? output = null;
            var attempt = 0;
            try
            {
                output = Execute(() =>
                {
                    attempt++;
                    try
                    {
                        return CallBatch(chunk, outputType);
                    }
                    catch (Exception e) when (e is not OperationCanceledException && attempt < _udf.Options.ErrorPolicy.MaxAttempts && _udf.Options.ErrorPolicy.IsRetryable(e))
                    {
                        retries.Add(new UdfRowError(rows[0], attempt, e));
                        throw;
                    }
                }, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (_udf.Options.ErrorPolicy.Mode == ErrorMode.FailFast) throw new UdfFailedException(_udf.Name, rowIds?[rows[0]], attempt, e);
                // Isolate the failing rows: one row at a time.
                foreach (var r in rows)
                {
                    try
                    {
                        var single = CallBatch(projected.Take([r]), outputType);
                        results[r] = single;
                        resultRow[r] = 0;
                    }
                    catch (Exception inner) when (inner is not OperationCanceledException)
                    {
                        errors.Add(new UdfRowError(r, attempt, inner));
                    }
                }
                continue;
            }
            for (var i = 0; i < rows.Count; i++)
            {
                results[rows[i]] = output;
                resultRow[rows[i]] = i;
            }
        }
        var builder = ColumnBuilder.Create(outputType, n);
        for (var r = 0; r < n; r++)
        {
            if (results[r] is { } col) builder.AppendFrom(col, resultRow[r]);
            else builder.AppendNull();
        }
        return [builder.Build()];
    }

    private Column CallBatch(RecordBatch chunk, DataType outputType)
    {
        Interlocked.Increment(ref _calls);
        var output = _instance is IBatchUdf b ? b.Call(chunk) : _udf.BatchFunction!(chunk);
        if (output is null || output.Length != chunk.RowCount)
            throw new StrataInvalidInputException($"batch UDF '{_udf.Name}' returned {output?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} values for {chunk.RowCount} rows.");
        if (output.Type != outputType)
            throw new StrataInvalidInputException($"batch UDF '{_udf.Name}' returned a {output.Type} column; it declared {outputType}.");
        return output;
    }

    private Type OutputClrType(int output)
    {
        var ret = _udf.ReturnType!;
        return _udf.Outputs.Count == 1 && _udf.Options.Outputs is null ? ret : OutputMembers(ret, _udf.Outputs.Select(o => o.Name).ToList())[output].Type;
    }

    /// <summary>The elements of a tuple or record type matched to output names (by name, else by position).</summary>
    public static IReadOnlyList<UdfMember> OutputMembers(Type type, IReadOnlyList<string> names)
    {
        List<UdfMember> members;
        if (type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
            members = type.GetFields().Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal)).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new UdfMember(f.Name, f.FieldType, f)).ToList();
        else
            members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .Select(p => new UdfMember(p.Name, p.PropertyType, p)).ToList();
        if (members.Count < names.Count)
            throw new StrataInvalidInputException($"the UDF returns {type.Name} with {members.Count} elements but {names.Count} outputs were declared.");
        var byName = names.Select(n => members.FirstOrDefault(m => string.Equals(m.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        return byName.All(m => m is not null) ? byName! : members.Take(names.Count).ToList();
    }

    private static (RowCall, BoxedCall) Compile(Udf udf, MethodInfo method)
    {
        var readers = Expression.Parameter(typeof(object?[]), "readers");
        var instance = Expression.Parameter(typeof(object), "instance");
        var row = Expression.Parameter(typeof(int), "row");
        var builders = Expression.Parameter(typeof(ColumnBuilder[]), "builders");
        var appenders = Expression.Parameter(typeof(object[]), "appenders");
        var args = method.GetParameters().Select((p, i) =>
        {
            var readerType = typeof(ValueReader<>).MakeGenericType(p.ParameterType);
            var reader = Expression.Convert(Expression.ArrayIndex(readers, Expression.Constant(i)), readerType);
            return (Expression)Expression.Call(reader, readerType.GetMethod(nameof(ValueReader<int>.Read))!, row);
        }).ToArray();
        Expression call = method.IsStatic
            ? Expression.Call(method, args)
            : Expression.Call(udf.StatefulType is not null
                ? Expression.Convert(instance, udf.StatefulType)
                : Expression.Constant(udf.Target, method.DeclaringType!), method, args);
        var value = Expression.Variable(method.ReturnType, "value");
        var body = new List<Expression> { Expression.Assign(value, call) };
        if (udf.Outputs.Count == 1 && udf.Options.Outputs is null)
            body.Add(Append(appenders, builders, 0, method.ReturnType, value));
        else
        {
            var members = OutputMembers(method.ReturnType, udf.Outputs.Select(o => o.Name).ToList());
            for (var i = 0; i < members.Count; i++)
                body.Add(Append(appenders, builders, i, members[i].Type, Expression.MakeMemberAccess(value, members[i].Member)));
        }
        var rowCall = Expression.Lambda<RowCall>(Expression.Block([value], body), readers, instance, row, builders, appenders).Compile();
        var boxed = Expression.Lambda<BoxedCall>(Expression.Convert(call, typeof(object)), readers, instance, row).Compile();
        return (rowCall, boxed);
    }

    private static MethodCallExpression Append(ParameterExpression appenders, ParameterExpression builders, int index, Type clr, Expression value)
    {
        var appenderType = typeof(ValueAppender<>).MakeGenericType(clr);
        var appender = Expression.Convert(Expression.ArrayIndex(appenders, Expression.Constant(index)), appenderType);
        return Expression.Call(appender, appenderType.GetMethod(nameof(ValueAppender<int>.Append))!,
            Expression.ArrayIndex(builders, Expression.Constant(index)), value);
    }

    /// <summary>Disposes a stateful UDF's instance.</summary>
    public void Dispose() => (_instance as IDisposable)?.Dispose();
}
