namespace Strata.Format;

/// <summary>A UDF registered in the lake (<c>udfs/&lt;name&gt;.json</c>) so any process can load and run it.</summary>
internal sealed record UdfRecord
{
    public string Format { get; init; } = FormatConstants.UdfFormat;
    public int FormatVersion { get; init; } = FormatConstants.UdfVersion;
    public required string Name { get; init; }
    /// <summary>scalar or stateful.</summary>
    public required string Kind { get; init; }
    public required string TypeName { get; init; }
    public string? MethodName { get; init; }
    /// <summary>Lake path of the assembly (content-addressed, immutable).</summary>
    public required string AssemblyPath { get; init; }
    public string? SourcePath { get; init; }
    public required string Version { get; init; }
    public IReadOnlyList<string> Inputs { get; init; } = [];
    public IReadOnlyList<string>? Outputs { get; init; }
    public IReadOnlyList<string>? OutputTypes { get; init; }
    public string? OutputType { get; init; }
    public int BatchSize { get; init; } = 1024;
    public int CheckpointSize { get; init; } = 8192;
    public double? RowTimeoutMs { get; init; }
    /// <summary>Declared version (null: the code hash).</summary>
    public string? DeclaredVersion { get; init; }
    /// <summary>Error policy: FailFast or Skip after MaxAttempts.</summary>
    public string ErrorMode { get; init; } = "FailFast";
    public int MaxAttempts { get; init; } = 1;
    public string Backoff { get; init; } = "Exponential";
    public double RetryDelayMs { get; init; } = 100;
    public bool Jitter { get; init; } = true;
    /// <summary>Full names of retried exception types (empty: all).</summary>
    public IReadOnlyList<string> RetryOn { get; init; } = [];
    public double Cpus { get; init; } = 1;
    public long? MemoryMb { get; init; }
    public int Gpus { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required string Author { get; init; }
}
