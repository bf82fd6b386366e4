using Strata.Data;

namespace Strata.Vault.Execution;

/// <summary>The data a builder's references resolve to: per reference text, the frame it reads (self or another table's instance).</summary>
internal sealed class BoundInputs
{
    public Dictionary<string, RecordBatch> Frames { get; } = new(StringComparer.Ordinal);

    /// <summary>The frame being built (for <c>&lt;&lt;self.column&gt;&gt;</c>).</summary>
    public RecordBatch? Self { get; set; }
    public required string ArtifactFolder { get; init; }
    public required string ProcessId { get; init; }
}
