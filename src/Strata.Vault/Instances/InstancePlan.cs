using Strata.Data;
using Strata.Tables;
using Strata.Vault.Model;

namespace Strata.Vault.Instances;

/// <summary>What a write or an execute hands to materialization: the data (or the origin to reuse as is) and the metadata of the new instance.</summary>
internal sealed record InstancePlan
{
    /// <summary>The instance's rows; null when the origin's data is reused unchanged.</summary>
    public RecordBatch? Data { get; init; }

    /// <summary>The origin's snapshot, whose fragments are reused when <see cref="Data"/> is null and whose field ids unchanged columns keep.</summary>
    public TableSnapshot? Origin { get; init; }
    public InstanceRecord? OriginRecord { get; init; }

    /// <summary>Per column state; ChangedInVersion -1 marks columns that change in this instance.</summary>
    public required Dictionary<string, ColumnState> Columns { get; init; }
    public Dictionary<string, string> Builders { get; init; } = [];
    public Dictionary<string, string> BuilderHashes { get; init; } = [];
    public List<DependencyRecord> Dependencies { get; init; } = [];
    public IReadOnlyList<string> PrimaryKey { get; init; } = [];

    /// <summary>Lake-relative folder holding the artifact files produced for this instance (moved in at materialize), if any.</summary>
    public string? ArtifactSource { get; init; }
    public bool ExternalEdit { get; init; }
    public bool Success { get; init; } = true;
    public string Description { get; init; } = "";

    /// <summary>True when any column's values changed (makes older instances of a side-effect table inactive).</summary>
    public bool Changed => Columns.Values.Any(c => c.ChangedInVersion < 0) || Data is not null && Origin is null;
}
