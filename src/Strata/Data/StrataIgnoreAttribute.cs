namespace Strata.Data;

/// <summary>
/// Leaves a property out of <see cref="RecordBatch.FromRecords{T}"/> and <see cref="RecordBatch.ToRecords{T}"/>.
/// On a positional record, put it on the parameter with a <c>property:</c> target or on the parameter itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class StrataIgnoreAttribute : Attribute
{
}
