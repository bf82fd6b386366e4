namespace Strata.Udfs;

/// <summary>Resources one running copy of a UDF needs; recorded with the column and used by the scheduler.</summary>
/// <param name="Cpus">Cores per worker (default 1).</param>
/// <param name="MemoryMb">Memory per worker in MiB (null: unspecified).</param>
/// <param name="Gpus">GPUs per worker (default 0).</param>
public sealed record UdfResources(double Cpus = 1, long? MemoryMb = null, int Gpus = 0);
