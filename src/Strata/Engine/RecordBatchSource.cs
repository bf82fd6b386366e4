using Strata.Data;

namespace Strata.Engine;

/// <summary>Strata batches (all of one schema, at least one) served by <see cref="BatchTableFunction"/>; each chunk is copied in by <see cref="VectorWriter"/>.</summary>
internal sealed class RecordBatchSource : ITableFunctionSource
{
    private readonly IReadOnlyList<RecordBatch> _batches;

    public RecordBatchSource(IReadOnlyList<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 0) throw new ArgumentException("at least one batch is needed (it defines the columns).", nameof(batches));
        _batches = batches;
        RowCount = batches.Sum(b => (long)b.RowCount);
    }

    public Schema Schema => _batches[0].Schema;

    public long RowCount { get; }

    public IChunkCursor OpenCursor() => new BatchCursor(_batches);
}
