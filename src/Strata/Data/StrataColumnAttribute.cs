namespace Strata.Data;

/// <summary>
/// Sets the column name or type a property maps to in <see cref="RecordBatch.FromRecords{T}"/> and
/// <see cref="RecordBatch.ToRecords{T}"/>. On a positional record, put it on the parameter
/// (<c>record Doc([StrataColumn(Type = "float[384]")] float[] Embedding)</c>).
/// </summary>
/// <example><c>[StrataColumn(Name = "embedding", Type = "float[64]")] public float[] Vector { get; init; }</c></example>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class StrataColumnAttribute : Attribute
{
    /// <summary>The column name; the property name when null.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The column type in <see cref="DataType.Parse"/> form (e.g. <c>float[64]</c>, <c>decimal(10,2)</c>, <c>int64</c>);
    /// inferred from the property type when null.
    /// </summary>
    public string? Type { get; set; }
}
