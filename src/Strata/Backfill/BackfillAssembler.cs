using Strata.Data;
using Strata.Engine;
using Strata.Format;
using Strata.Tables;

namespace Strata.Backfill;

/// <summary>
/// Assembles a fragment's column file from its checkpoint slices: the fewest slices that tile row 0 to the
/// fragment's physical end (<see cref="CheckpointSlices.Chain"/>) are decoded and written, in order, as one Parquet file — directly
/// when the output types allow (<see cref="FragmentWriter.WritesDirectly"/>), else through a COPY of the engine. Also tells whether
/// every value is present (no nulls), which the commit records so a later plan can skip the fragment unread.
/// </summary>
internal static class BackfillAssembler
{
    public static async Task<(WrittenFile File, bool Complete)> WriteAsync(Lake lake, DuckDbConnection conn, FragmentWriter writer, FragmentEntry frag,
        IReadOnlyList<FieldEntry> outputs, IReadOnlyList<DataType> types, string folder, IReadOnlyList<CheckpointSlice> slices, CancellationToken ct)
    {
        var complete = true;
        var chain = CheckpointSlices.Chain(slices, frag.PhysicalRows);
        if (chain is null)
        {
            var reach = CheckpointSlices.Reach(slices, frag.PhysicalRows);
            throw new StrataCorruptDataException(folder,
                $"checkpoints of fragment {frag.Id} cover rows [0, {reach}) of {frag.PhysicalRows}; checkpoints are incomplete, run the backfill again.");
        }
        var names = outputs.Select(o => o.Name).ToList();
        WrittenFile written;
        if (FragmentWriter.WritesDirectly(types, frag.PhysicalRows) && types.All(t => FixedWidthColumnBuffer.WidthOf(t) is not null))
        {
            // Fixed-width values go from the slices' bytes into one array per column and from there into the file: no engine round trip.
            var rows = checked((int)frag.PhysicalRows);
            var buffers = types.Select(t => new FixedWidthColumnBuffer(t, rows)).ToList();
            foreach (var slice in chain)
            {
                var bytes = await lake.Storage.ReadAllBytesAsync(slice.Path, ct).ConfigureAwait(false);
                if (!CheckpointSliceFile.TryDecodeInto(bytes, slice.FragmentId, slice.Start, slice.Rows, buffers, checked((int)slice.Start)))
                    throw Corrupt(slice);
            }
            complete = buffers.All(b => b.Complete);
            written = await writer.WriteColumnsAsync(names, buffers.Select(b => b.ToColumn()).ToList(), ct).ConfigureAwait(false);
        }
        else
        {
            var batches = new List<RecordBatch>();
            foreach (var slice in chain)
            {
                var bytes = await lake.Storage.ReadAllBytesAsync(slice.Path, ct).ConfigureAwait(false);
                var columns = CheckpointSliceFile.TryDecode(bytes, slice.FragmentId, slice.Start, slice.Rows, types) ?? throw Corrupt(slice);
                foreach (var c in columns) complete &= c.NullCount == 0;
                batches.Add(new RecordBatch(columns.Select((c, j) => ($"o{j}", c)).ToArray()));
            }
            if (FragmentWriter.WritesDirectly(types, frag.PhysicalRows))
            {
                var columns = types.Select((t, j) => BatchConcat.Concat(t, batches.Select(b => b.Columns[j]).ToArray())).ToList();
                written = await writer.WriteColumnsAsync(names, columns, ct).ConfigureAwait(false);
            }
            else
            {
                using var source = BatchTableFunction.Open(batches);
                var select = string.Join(", ", outputs.Select((o, j) => $"o{j} AS {SqlNames.Quote(o.Name)}"));
                written = await writer.WriteQueryAsync(conn, $"SELECT {select} FROM {source.Sql}", names, ct).ConfigureAwait(false);
            }
        }
        if (written.Rows != frag.PhysicalRows)
            throw new StrataCorruptDataException(written.Path, $"assembled {written.Rows} rows for fragment {frag.Id} of {frag.PhysicalRows}; checkpoints are incomplete.");
        return (written, complete);
    }

    private static StrataCorruptDataException Corrupt(CheckpointSlice slice) =>
        new(slice.Path, $"checkpoint slice of fragment {slice.FragmentId} is corrupt or truncated; run the backfill again to recompute it.");
}
