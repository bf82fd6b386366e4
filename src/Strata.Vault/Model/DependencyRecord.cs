namespace Strata.Vault.Model;

/// <summary>An input of an instance. Always (table, instance) in that order.</summary>
/// <param name="Table">The input table's name when the instance was made.</param>
/// <param name="TableId">The input table's permanent id.</param>
/// <param name="InstanceId">The input instance.</param>
internal sealed record DependencyRecord(string Table, string TableId, string InstanceId);
