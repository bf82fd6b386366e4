using System.Collections;
using System.Globalization;
using System.Reflection;
using Strata.Data;
using Strata.Vault.Builders;

namespace Strata.Vault.Execution;

/// <summary>
/// Binds a builder's YAML arguments to its C# method's parameters by name and calls it. Scalars convert to the
/// parameter's type; lists and table-reference columns bind to arrays, lists and enumerables; multi-column
/// references bind to a <see cref="RecordBatch"/>; <c>&lt;&lt;self.column&gt;&gt;</c> in a row-wise call is the row's value.
/// </summary>
internal static class FunctionInvoker
{
    /// <summary>Checks names once (before any call): every argument names a parameter, every parameter without a default has an argument.</summary>
    public static void Check(BuilderSpec spec, MethodInfo method)
    {
        var parameters = method.GetParameters();
        foreach (var (name, value) in spec.Arguments)
            if (Find(parameters, name) is null)
                throw new StrataInvalidInputException(
                    $"{spec.Where(value.Line)}: argument '{name}' matches no parameter of {method.DeclaringType?.Name}.{method.Name}({string.Join(", ", parameters.Select(p => p.Name))}).");
        foreach (var p in parameters)
            if (!spec.Arguments.Keys.Any(k => Same(k, p.Name!)) && !p.HasDefaultValue && p.ParameterType != typeof(CancellationToken))
                throw new StrataInvalidInputException($"{spec.Where(spec.Line)}: function {method.Name} needs an argument '{p.Name}'; add it under arguments.");
    }

    public static async Task<object?> CallAsync(BuilderSpec spec, MethodInfo method, BoundInputs inputs, int? row, CancellationToken ct)
    {
        var parameters = method.GetParameters();
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.ParameterType == typeof(CancellationToken)) { args[i] = ct; continue; }
            var key = spec.Arguments.Keys.FirstOrDefault(k => k == p.Name) ?? spec.Arguments.Keys.FirstOrDefault(k => Same(k, p.Name!));
            if (key is null) { args[i] = p.DefaultValue; continue; }
            var value = spec.Arguments[key];
            try
            {
                args[i] = Value(value, p.ParameterType, inputs, row);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
            {
                throw new StrataInvalidInputException($"{spec.Where(value.Line)}: argument '{key}' cannot be passed as {p.ParameterType.Name}: {e.Message}", e);
            }
        }
        object? result;
        try
        {
            result = method.Invoke(null, args);
            if (result is Task task)
            {
                await task.ConfigureAwait(false);
                result = task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            }
            else if (result is not null && result.GetType().IsGenericType && result.GetType().GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var asTask = (Task)result.GetType().GetMethod("AsTask")!.Invoke(result, null)!;
                await asTask.ConfigureAwait(false);
                result = asTask.GetType().GetProperty("Result")!.GetValue(asTask);
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw Failed(spec, method, e.InnerException, row);
        }
        catch (Exception e) when (e is not StrataException and not OperationCanceledException)
        {
            throw Failed(spec, method, e, row);
        }
        return result;
    }

    public static BuilderFailedException Failed(BuilderSpec spec, MethodInfo method, Exception e, int? row) =>
        new($"builder '{spec.Name}' ({spec.Where(spec.Line)}) failed in {method.DeclaringType?.Name}.{method.Name}{(row is { } r ? $" at row {r}" : "")}: {e.Message}", e);

    private static object? Value(ArgumentValue value, Type target, BoundInputs inputs, int? row)
    {
        if (value.Reference is { } reference) return FromReference(reference, target, inputs, row);
        if (value.List is { } list)
        {
            var element = ElementType(target) ?? typeof(object);
            var items = list.Select(v => Value(v, element, inputs, row)).ToList();
            return MakeCollection(target, element, items);
        }
        if (value.Map is { } map)
        {
            if (target.IsAssignableFrom(typeof(Dictionary<string, string>)))
                return map.ToDictionary(kv => kv.Key, kv => ReferenceParser.Substitute(kv.Value.Scalar ?? "", inputs.ArtifactFolder, inputs.ProcessId));
            throw new ArgumentException($"a mapping binds only to a Dictionary<string, string> parameter");
        }
        var text = ReferenceParser.Substitute(value.Scalar ?? "", inputs.ArtifactFolder, inputs.ProcessId);
        return Scalar(text, target);
    }

    private static object? FromReference(TableReference reference, Type target, BoundInputs inputs, int? row)
    {
        var frame = reference.IsSelf ? inputs.Self! : inputs.Frames[reference.Text];
        if (reference.IsSelf && row is { } r && !reference.Multi && ElementType(target) is null)
            return Convert(frame.Column(reference.Columns[0]).GetValue(r), target);
        if (target == typeof(RecordBatch)) return frame.Select([.. reference.Columns]);
        if (reference.Multi)
        {
            if (target.IsAssignableFrom(typeof(List<IReadOnlyDictionary<string, object?>>)))
                return frame.Select([.. reference.Columns]).Rows().ToList();
            throw new ArgumentException("a {a,b} reference binds to a RecordBatch or a list of dictionaries");
        }
        var column = frame.Column(reference.Columns[0]);
        var element = ElementType(target);
        if (element is null)
        {
            // a scalar parameter from a column: the single value (a filter picked one row)
            if (column.Length != 1) throw new ArgumentException($"{reference.Text} has {column.Length} values; a scalar parameter needs exactly one");
            return Convert(column.GetValue(0), target);
        }
        var items = Enumerable.Range(0, column.Length).Select(i => Convert(column.GetValue(i), element)).ToList();
        return MakeCollection(target, element, items);
    }

    private static object? Scalar(string text, Type target)
    {
        var t = Nullable.GetUnderlyingType(target) ?? target;
        if (t == typeof(string) || t == typeof(object)) return text;
        if (text.Length == 0 && (!target.IsValueType || Nullable.GetUnderlyingType(target) is not null)) return null;
        if (t == typeof(bool)) return bool.Parse(text);
        if (t.IsEnum) return Enum.Parse(t, text, ignoreCase: true);
        if (t == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        return System.Convert.ChangeType(text, t, CultureInfo.InvariantCulture);
    }

    internal static object? Convert(object? value, Type target)
    {
        if (value is null) return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        var t = Nullable.GetUnderlyingType(target) ?? target;
        if (t.IsInstanceOfType(value)) return value;
        if (value is string s) return Scalar(s, target);
        if (t == typeof(string)) return System.Convert.ToString(value, CultureInfo.InvariantCulture);
        return System.Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
    }

    internal static Type? ElementType(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            if (def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IReadOnlyList<>) || def == typeof(IEnumerable<>)
                || def == typeof(ICollection<>) || def == typeof(IReadOnlyCollection<>))
                return t.GetGenericArguments()[0];
        }
        return null;
    }

    private static object MakeCollection(Type target, Type element, List<object?> items)
    {
        var array = Array.CreateInstance(element, items.Count);
        for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
        if (target.IsArray) return array;
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element), items.Count)!;
        foreach (var item in array) list.Add(item);
        return list;
    }

    private static ParameterInfo? Find(ParameterInfo[] parameters, string name) =>
        parameters.FirstOrDefault(p => p.Name == name) ?? parameters.FirstOrDefault(p => Same(name, p.Name!));

    private static bool Same(string yamlName, string parameterName) =>
        string.Equals(yamlName, parameterName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(yamlName.Replace("_", "", StringComparison.Ordinal), parameterName, StringComparison.OrdinalIgnoreCase);
}
