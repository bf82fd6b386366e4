using System.Linq.Expressions;
using System.Reflection;

namespace Strata.Data;

/// <summary>One public property of a record type as it maps to a column.</summary>
internal sealed class RecordMember
{
    private readonly Lazy<Delegate> _getter;

    public RecordMember(Type owner, PropertyInfo property, string columnName, DataType? declaredType)
    {
        Owner = owner;
        Property = property;
        ColumnName = columnName;
        DeclaredType = declaredType;
        _getter = new Lazy<Delegate>(CompileGetter);
    }

    /// <summary>The record type the member is read from.</summary>
    public Type Owner { get; }

    /// <summary>The property.</summary>
    public PropertyInfo Property { get; }

    /// <summary>The column (or struct field) name: the property name unless renamed by <see cref="StrataColumnAttribute"/>.</summary>
    public string ColumnName { get; }

    /// <summary>The type set by <see cref="StrataColumnAttribute.Type"/>, or null to infer it.</summary>
    public DataType? DeclaredType { get; }

    /// <summary>The property's .NET type.</summary>
    public Type ClrType => Property.PropertyType;

    /// <summary>True when the property has a public setter (including <c>init</c>).</summary>
    public bool CanSet => Property.SetMethod is { IsPublic: true };

    /// <summary>A compiled <c>Func&lt;TOwner, TValue&gt;</c> reading the property (compiled once).</summary>
    public Delegate Getter => _getter.Value;

    private Delegate CompileGetter()
    {
        var owner = Expression.Parameter(Owner, "owner");
        var body = Expression.Property(owner, Property);
        var type = typeof(Func<,>).MakeGenericType(owner.Type, ClrType);
        return Expression.Lambda(type, body, owner).Compile();
    }
}
