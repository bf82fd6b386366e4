namespace Strata.Vault;

/// <summary>Progress of an execute: the builder running and its rows.</summary>
/// <param name="Builder">The builder now running.</param>
/// <param name="RowsDone">Rows of that builder done so far.</param>
/// <param name="RowsTotal">Rows that builder has to compute.</param>
/// <param name="BuildersDone">Builders finished (run or reused).</param>
/// <param name="BuildersTotal">Builders of the draft.</param>
public sealed record VaultProgress(string Builder, long RowsDone, long RowsTotal, int BuildersDone, int BuildersTotal);
