using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Strata;

/// <summary>Settings of an opened lake. Defaults suit a laptop; every value is validated once at open.</summary>
public sealed record LakeOptions
{
    /// <summary>Who is making changes; recorded in every version. Default: the OS user name.</summary>
    public string Author { get; init; } = Environment.UserName is { Length: > 0 } u ? u : "unknown";

    /// <summary>Description stored when a lake is created.</summary>
    public string? Description { get; init; }

    /// <summary>fsync data and manifests before a commit returns (survives power loss, not only crashes). Default false.</summary>
    public bool FlushToDisk { get; init; }

    /// <summary>Threads the SQL engine may use. Default: all cores.</summary>
    public int EngineThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory the SQL engine may use, in DuckDB syntax (e.g. "4GB"); null for DuckDB's default (80% of RAM).</summary>
    public string? EngineMemoryLimit { get; init; }

    /// <summary>How many times a commit that lost a race is rebased and retried before failing. Default 100.</summary>
    public int MaxCommitAttempts { get; init; } = 100;

    /// <summary>Largest number of rows written to one fragment (Parquet file). Default 262,144 (large writes become several fragments, written in parallel).</summary>
    public int MaxRowsPerFragment { get; init; } = 1 << 18;

    /// <summary>Fragments written at the same time by one write. Default: the number of cores.</summary>
    public int WriteParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Logging; default none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    internal LakeOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Author)) throw new StrataInvalidInputException("LakeOptions.Author must not be empty.");
        if (EngineThreads < 1) throw new StrataInvalidInputException("LakeOptions.EngineThreads must be at least 1.");
        if (MaxCommitAttempts < 1) throw new StrataInvalidInputException("LakeOptions.MaxCommitAttempts must be at least 1.");
        if (WriteParallelism < 1) throw new StrataInvalidInputException("LakeOptions.WriteParallelism must be at least 1.");
        if (MaxRowsPerFragment < 1) throw new StrataInvalidInputException("LakeOptions.MaxRowsPerFragment must be at least 1.");
        return this;
    }
}
