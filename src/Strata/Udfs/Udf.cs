using System.Reflection;
using System.Runtime.CompilerServices;
using Strata.Data;

namespace Strata.Udfs;

/// <summary>
/// A user-defined function that computes one or more columns from other columns of a row (scalar),
/// of a batch (batch) or with per-worker state (stateful). Create one with <see cref="Scalar"/>,
/// <see cref="FromMethod"/>, <see cref="Batch"/> or <see cref="Stateful{T}"/>; add it to a table with
/// <c>Table.AddColumnsAsync(name, udf)</c>; fill it with <c>Table.BackfillAsync</c>.
/// </summary>
public sealed class Udf
{
    private Udf(string name, UdfKind kind, IReadOnlyList<string> inputs, IReadOnlyList<Field> outputs, UdfOptions options, string version,
        UdfLocation location)
    {
        Name = name;
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
        Options = options;
        Version = version;
        Location = location;
    }

    /// <summary>The UDF's name (how a later process finds it).</summary>
    public string Name { get; }

    /// <summary>Scalar, batch or stateful.</summary>
    public UdfKind Kind { get; }

    /// <summary>Input columns, in parameter order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Output columns: one, or several for tuple/record outputs.</summary>
    public IReadOnlyList<Field> Outputs { get; }

    /// <summary>Declared options.</summary>
    public UdfOptions Options { get; }

    /// <summary>The version: the declared one, or a hash of the code (IL) of the function.</summary>
    public string Version { get; }

    /// <summary>Where the code lives (type, method, assembly), so another process can load it.</summary>
    public UdfLocation Location { get; }

    internal MethodInfo? Method { get; private init; }
    internal object? Target { get; private init; }
    internal Type? StatefulType { get; private init; }
    internal Func<RecordBatch, Column>? BatchFunction { get; private init; }
    internal Type? ReturnType { get; private init; }

    /// <summary>A scalar UDF from a lambda or method group; inputs bound by parameter name unless declared.</summary>
    /// <exception cref="StrataInvalidInputException">The function's types cannot be stored, or options do not fit it.</exception>
    public static Udf Scalar(string name, Delegate function, UdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FromMethodCore(name, function.Method, function.Target, options, UdfKind.Scalar, null);
    }

    /// <summary>A scalar UDF from a public static method (e.g. one found in a compiled file).</summary>
    public static Udf FromMethod(MethodInfo method, string? name = null, UdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!method.IsStatic) throw new StrataInvalidInputException($"{method.DeclaringType?.Name}.{method.Name} is not static; a UDF method must be static (or use a stateful class).");
        return FromMethodCore(name ?? method.Name, method, null, options, UdfKind.Scalar, null);
    }

    /// <summary>A batch UDF: input columns in, one column of <paramref name="outputType"/> out.</summary>
    public static Udf Batch(string name, Func<RecordBatch, Column> function, DataType outputType, IReadOnlyList<string> inputs, UdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(outputType);
        options = (options ?? new UdfOptions()).Validate();
        Names.ValidateTable(name, "UDF");
        if (inputs.Count == 0) throw new StrataInvalidInputException($"batch UDF '{name}' needs at least one input column.");
        foreach (var i in inputs) Names.ValidateColumn(i);
        var version = options.Version ?? UdfVersioning.HashOf(function.Method, outputType.ToString());
        return new Udf(name, UdfKind.Batch, inputs.ToArray(), [new Field(name, outputType)], options with { OutputType = outputType }, version,
            UdfLocation.Of(function.Method))
        {
            BatchFunction = function,
            Method = function.Method,
        };
    }

    /// <summary>A stateful UDF: a class with a setup step and a <c>Call</c> method (or <see cref="IBatchUdf"/>).</summary>
    public static Udf Stateful<T>(string? name = null, UdfOptions? options = null) where T : IStatefulUdf, new() =>
        Stateful(typeof(T), name, options);

    /// <summary>A stateful UDF from a type implementing <see cref="IStatefulUdf"/> with a public parameterless constructor.</summary>
    public static Udf Stateful(Type type, string? name = null, UdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(IStatefulUdf).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new StrataInvalidInputException($"{type.Name} must be a non-abstract class implementing IStatefulUdf with a public parameterless constructor.");
        name ??= type.Name;
        if (typeof(IBatchUdf).IsAssignableFrom(type))
        {
            options = (options ?? new UdfOptions()).Validate();
            var outputType = options.OutputType
                ?? throw new StrataInvalidInputException($"stateful batch UDF '{name}' must declare its OutputType.");
            if (options.Inputs is not { Count: > 0 } inputs)
                throw new StrataInvalidInputException($"stateful batch UDF '{name}' must declare its Inputs.");
            var call = type.GetMethod(nameof(IBatchUdf.Call), [typeof(RecordBatch)])!;
            return new Udf(name, UdfKind.Stateful, inputs.ToArray(), [new Field(name, outputType)], options,
                options.Version ?? UdfVersioning.HashOf(type), UdfLocation.Of(type))
            {
                StatefulType = type,
                Method = call,
            };
        }
        var calls = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Call").ToList();
        if (calls.Count != 1)
            throw new StrataInvalidInputException($"stateful UDF {type.Name} needs exactly one public instance method 'Call' (found {calls.Count}), or implement IBatchUdf.");
        var udf = FromMethodCore(name, calls[0], null, options, UdfKind.Stateful, type);
        return udf;
    }

    private static Udf FromMethodCore(string name, MethodInfo method, object? target, UdfOptions? options, UdfKind kind, Type? statefulType)
    {
        Names.ValidateTable(name, "UDF");
        options = (options ?? new UdfOptions()).Validate();
        var parameters = method.GetParameters();
        if (parameters.Length == 0) throw new StrataInvalidInputException($"UDF '{name}' takes no parameters; it needs at least one input column.");
        var inputs = options.Inputs?.ToArray() ?? parameters.Select(p => p.Name ?? "").ToArray();
        if (inputs.Length != parameters.Length)
            throw new StrataInvalidInputException($"UDF '{name}' has {parameters.Length} parameters but {inputs.Length} input columns were declared.");
        foreach (var i in inputs) Names.ValidateColumn(i);
        var ret = method.ReturnType;
        if (ret == typeof(void)) throw new StrataInvalidInputException($"UDF '{name}' returns nothing; it must return the value of the new column.");
        if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>))
            throw new StrataInvalidInputException($"UDF '{name}' returns a Task; return the value itself (UDFs run on worker threads).");
        var outputs = OutputsOf(name, ret, options);
        var version = options.Version
            ?? (statefulType is not null ? UdfVersioning.HashOf(statefulType) : UdfVersioning.HashOf(method, string.Join(",", outputs)));
        return new Udf(name, kind, inputs, outputs, options, version, statefulType is not null ? UdfLocation.Of(statefulType) : UdfLocation.Of(method))
        {
            Method = method,
            Target = target,
            StatefulType = statefulType,
            ReturnType = ret,
        };
    }

    private static List<Field> OutputsOf(string name, Type ret, UdfOptions options)
    {
        if (options.Outputs is { Count: > 0 } names)
        {
            var members = UdfInvoker.OutputMembers(ret, names);
            var fields = new List<Field>();
            for (var i = 0; i < names.Count; i++)
            {
                Names.ValidateColumn(names[i]);
                var type = options.OutputTypes?[i] ?? Infer(name, members[i].Type);
                fields.Add(new Field(names[i], type));
            }
            return fields;
        }
        return [new Field(name, options.OutputType ?? Infer(name, ret))];
    }

    private static DataType Infer(string name, Type clr)
    {
        if (IsValueTuple(clr))
            return DataType.Struct(UdfInvoker.OutputMembers(clr, clr.GetFields().Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal)).Select(f => f.Name).ToList())
                .Select(m => new Field(m.Name, Infer(name, m.Type))));
        try
        {
            return ClrTypeInference.Infer(clr, name);
        }
        catch (StrataException e)
        {
            throw new StrataInvalidInputException($"UDF '{name}' returns {clr.Name}, which cannot be stored ({e.Message}); declare OutputType.", e);
        }
    }

    internal static bool IsValueTuple(Type t) => t.IsGenericType && t.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    /// <summary>For each input: true when its parameter cannot hold null (a null input then yields a null output without a call).</summary>
    internal IReadOnlyList<bool> NonNullableInputs => Method is null || BatchFunction is not null || Method.GetParameters().Length != Inputs.Count
        ? Inputs.Select(_ => false).ToList()
        : Method.GetParameters().Select(p => p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null).ToList();

    /// <summary>True when the function was declared as a lambda or local function (it cannot be found by another process).</summary>
    public bool IsAnonymous => Method is not null && (Method.Name.Contains('<', StringComparison.Ordinal)
        || Method.DeclaringType?.GetCustomAttribute<CompilerGeneratedAttribute>() is not null);

    /// <summary>Makes a worker: one per thread of a backfill (stateful UDFs run their setup here).</summary>
    internal UdfInvoker CreateInvoker() => new(this);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} ({Kind}, {string.Join(", ", Inputs)} → {string.Join(", ", Outputs)}, version {Version[..Math.Min(12, Version.Length)]})";
}
