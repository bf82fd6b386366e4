using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Data;

/// <summary>
/// How a .NET type maps to columns: its public properties (base class first, declaration order),
/// their column names and types, and a compiled factory that builds an instance from column
/// readers. Built once per type and cached; nothing here runs per value.
/// </summary>
internal sealed class RecordShape
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Cache = new();

    private readonly Dictionary<string, int> _byColumn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byProperty = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<Schema> _schema;
    private readonly Lazy<Construction> _construction;

    private RecordShape(Type type)
    {
        Type = type;
        Members = Discover(type);
        for (var i = 0; i < Members.Count; i++)
        {
            if (!_byColumn.TryAdd(Members[i].ColumnName, i))
                throw new StrataInvalidInputException(
                    $"{ClrTypeInference.Display(type)}: properties '{Members[_byColumn[Members[i].ColumnName]].Property.Name}' and " +
                    $"'{Members[i].Property.Name}' both map to column '{Members[i].ColumnName}'; rename one with [StrataColumn(Name = ...)].");
            _byProperty[Members[i].Property.Name] = i;
        }
        _schema = new Lazy<Schema>(InferSchema);
        _construction = new Lazy<Construction>(PlanConstruction);
    }

    /// <summary>The shape of a type (cached).</summary>
    public static RecordShape For(Type type) => Cache.GetOrAdd(type, static t => new RecordShape(t));

    /// <summary>The shape of a type used as a whole row; rejects dictionaries, scalars and collections.</summary>
    /// <exception cref="StrataInvalidInputException">The type is not a class, struct or record with properties.</exception>
    public static RecordShape ForRows(Type type)
    {
        var display = ClrTypeInference.Display(type);
        if (ClrTypeInference.IsDictionary(type))
            throw new StrataInvalidInputException($"{display} is a dictionary; use RecordBatch.FromRows for dictionaries and RecordBatch.Rows() to read them back.");
        if (TypeKindMap.DefaultType(type) is not null || ClrTypeInference.IsTextLike(type) || ClrTypeInference.ElementTypeOf(type) is not null)
            throw new StrataInvalidInputException($"{display} is a single value, not a record; use RecordBatch.FromArrays for one column, or a class or record with properties.");
        return For(type);
    }

    /// <summary>The record type.</summary>
    public Type Type { get; }

    /// <summary>The mapped properties, in column order.</summary>
    public IReadOnlyList<RecordMember> Members { get; }

    /// <summary>The schema inferred from the property types (cached).</summary>
    /// <exception cref="StrataInvalidInputException">A property type cannot be stored.</exception>
    public Schema Schema => _schema.Value;

    /// <summary>Position of the member mapped to a column name (case-insensitive), or -1.</summary>
    public int IndexOfColumn(string name) => _byColumn.TryGetValue(name, out var i) ? i : -1;

    /// <summary>True when <see cref="CreateFactory"/>'s delegate reads member <paramref name="index"/>.</summary>
    public bool IsRead(int index) => _construction.Value.Read[index];

    /// <summary>True when member <paramref name="index"/> feeds a constructor parameter without a default.</summary>
    public bool IsRequired(int index) => _construction.Value.Required[index];

    /// <summary>
    /// A compiled <c>Func&lt;object?[], int, T&gt;</c> that builds one instance from the value readers
    /// (indexed like <see cref="Members"/>, null where no column matched) at a row.
    /// </summary>
    /// <exception cref="StrataInvalidInputException">The type cannot be constructed.</exception>
    public Delegate CreateFactory() => _construction.Value.Factory;

    private static List<RecordMember> Discover(Type type)
    {
        var chain = new List<Type>();
        if (type.IsInterface)
        {
            chain.AddRange(type.GetInterfaces());
            chain.Add(type);
        }
        else
        {
            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Insert(0, t);
        }

        var properties = new List<PropertyInfo>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in chain)
        {
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            {
                if (p.GetIndexParameters().Length > 0 || p.GetMethod is not { IsPublic: true }) continue;
                if (byName.TryGetValue(p.Name, out var i)) properties[i] = p; // overridden or hidden: the derived one wins, in the base position
                else
                {
                    byName[p.Name] = properties.Count;
                    properties.Add(p);
                }
            }
        }

        // Attributes on a positional record's parameters apply to the generated properties.
        var parameters = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        foreach (var c in type.GetConstructors())
            foreach (var p in c.GetParameters())
                if (p.Name is not null) parameters.TryAdd(p.Name, p);

        var members = new List<RecordMember>();
        foreach (var p in properties)
        {
            parameters.TryGetValue(p.Name, out var parameter);
            if (Attribute.IsDefined(p, typeof(StrataIgnoreAttribute), true) || parameter?.IsDefined(typeof(StrataIgnoreAttribute), false) == true) continue;
            var attribute = p.GetCustomAttribute<StrataColumnAttribute>(true) ?? parameter?.GetCustomAttribute<StrataColumnAttribute>(false);
            var name = attribute?.Name ?? p.Name;
            if (string.IsNullOrWhiteSpace(name))
                throw new StrataInvalidInputException($"{ClrTypeInference.Display(type)}.{p.Name}: [StrataColumn(Name = ...)] is empty.");
            DataType? declared = null;
            if (attribute?.Type is { } text)
            {
                try
                {
                    declared = DataType.Parse(text);
                }
                catch (StrataInvalidInputException e)
                {
                    throw new StrataInvalidInputException($"{ClrTypeInference.Display(type)}.{p.Name}: [StrataColumn(Type = \"{text}\")] is not a type. {e.Message}", e);
                }
            }
            members.Add(new RecordMember(type, p, name, declared));
        }
        return members;
    }

    private Schema InferSchema()
    {
        if (Members.Count == 0)
            throw new StrataInvalidInputException(
                $"{ClrTypeInference.Display(Type)} has no public properties to map to columns; use a type with public properties.");
        return new Schema(Members.Select(ClrTypeInference.FieldOf));
    }

    private Construction PlanConstruction()
    {
        var display = ClrTypeInference.Display(Type);
        if (Type.IsAbstract || Type.IsInterface)
            throw new StrataInvalidInputException($"{display} is abstract or an interface; read records into a concrete type.");

        var constructor = ChooseConstructor();
        var parameters = constructor?.GetParameters() ?? [];
        var read = new bool[Members.Count];
        var required = new bool[Members.Count];
        var parameterMembers = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var m = _byProperty.TryGetValue(parameters[i].Name ?? "", out var index) ? index : -1;
            parameterMembers[i] = m;
            if (m < 0) continue;
            read[m] = true;
            required[m] = !parameters[i].HasDefaultValue;
        }
        var setMembers = new List<int>();
        for (var i = 0; i < Members.Count; i++)
        {
            if (read[i] || !Members[i].CanSet) continue;
            read[i] = true;
            setMembers.Add(i);
        }
        if (!read.Any(r => r))
            throw new StrataInvalidInputException(
                $"{display} has no settable public properties and no constructor whose parameters match them; give it settable properties or a positional constructor.");

        var readers = Expression.Parameter(typeof(object[]), "readers");
        var row = Expression.Parameter(typeof(int), "row");
        var record = Expression.Variable(Type, "record");
        var body = new List<Expression>();
        Expression create = constructor is null
            ? Expression.New(Type)
            : Expression.New(constructor, parameters.Select((p, i) => ParameterValue(p, parameterMembers[i], readers, row)));
        body.Add(Expression.Assign(record, create));
        foreach (var m in setMembers)
        {
            var reader = Expression.ArrayIndex(readers, Expression.Constant(m));
            body.Add(Expression.IfThen(
                Expression.NotEqual(reader, Expression.Constant(null)),
                Expression.Assign(Expression.Property(record, Members[m].Property), Read(reader, Members[m].ClrType, row))));
        }
        body.Add(record);
        var factoryType = typeof(Func<,,>).MakeGenericType(typeof(object[]), typeof(int), Type);
        var factory = Expression.Lambda(factoryType, Expression.Block([record], body), readers, row).Compile();
        return new Construction(factory, read, required);
    }

    private ConstructorInfo? ChooseConstructor()
    {
        var parameterless = Type.GetConstructor(Type.EmptyTypes);
        if (parameterless is not null) return parameterless;
        var best = Type.GetConstructors()
            .Where(c => c.GetParameters().Length > 0 && c.GetParameters().All(Matches))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
        if (best is not null || Type.IsValueType) return best;
        throw new StrataInvalidInputException(
            $"{ClrTypeInference.Display(Type)} has no public parameterless constructor and no public constructor whose parameters " +
            "all match its properties by name; add one (a positional record works).");
    }

    private bool Matches(ParameterInfo p)
    {
        if (p.HasDefaultValue) return true;
        if (p.Name is null) return false;
        return Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Any(property => string.Equals(property.Name, p.Name, StringComparison.OrdinalIgnoreCase) && p.ParameterType.IsAssignableFrom(property.PropertyType));
    }

    private Expression ParameterValue(ParameterInfo p, int member, ParameterExpression readers, ParameterExpression row)
    {
        var fallback = DefaultValue(p);
        if (member < 0 || !p.ParameterType.IsAssignableFrom(Members[member].ClrType)) return fallback;
        var reader = Expression.ArrayIndex(readers, Expression.Constant(member));
        Expression value = Read(reader, Members[member].ClrType, row);
        if (value.Type != p.ParameterType) value = Expression.Convert(value, p.ParameterType);
        return Expression.Condition(Expression.NotEqual(reader, Expression.Constant(null)), value, fallback);
    }

    private static Expression DefaultValue(ParameterInfo p)
    {
        if (!p.HasDefaultValue || p.DefaultValue is null) return Expression.Default(p.ParameterType);
        var constant = Expression.Constant(p.DefaultValue);
        return constant.Type == p.ParameterType ? constant : Expression.Convert(constant, p.ParameterType);
    }

    private static MethodCallExpression Read(Expression reader, Type type, ParameterExpression row)
    {
        var readerType = typeof(ValueReader<>).MakeGenericType(type);
        return Expression.Call(Expression.Convert(reader, readerType), readerType.GetMethod(nameof(ValueReader<int>.Read))!, row);
    }

    private sealed record Construction(Delegate Factory, bool[] Read, bool[] Required);
}
