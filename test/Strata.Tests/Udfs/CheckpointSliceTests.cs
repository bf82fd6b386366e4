using System.Globalization;
using Strata.Backfill;
using Strata.Data;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

/// <summary>The binary checkpoint slice format, and what a backfill does with damaged slices.</summary>
public sealed class CheckpointSliceTests
{
    private static readonly DataType Point = DataType.Struct(new Field("x", DataType.Int32), new Field("label", DataType.String));

    private static readonly DataType[] Types =
    [
        DataType.Int64, DataType.String, DataType.Float64, DataType.Boolean, DataType.Decimal(18, 3), DataType.Date, DataType.Timestamp,
        DataType.Binary, DataType.List(DataType.Int32), DataType.FixedSizeList(DataType.Float32, 3), Point, DataType.UInt16, DataType.Float32,
    ];

    private static object? Value(int type, int row)
    {
        if (row % 5 == 3) return null;
        return type switch
        {
            0 => (long)row * 1_000_003,
            1 => row % 4 == 0 ? "" : "välue-" + row,
            2 => row * 0.25,
            3 => row % 2 == 0,
            4 => row * 1.125m,
            5 => new DateOnly(2020, 1, 1).AddDays(row),
            6 => new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddSeconds(row),
            7 => new[] { (byte)row, (byte)(row + 1) },
            8 => Enumerable.Range(0, row % 4).ToArray(),
            9 => new[] { row * 1f, row * 2f, row * 3f },
            10 => new Dictionary<string, object?> { ["x"] = row, ["label"] = row % 3 == 0 ? null : "p" + row },
            11 => (ushort)row,
            _ => row * 0.5f,
        };
    }

    private static Column[] Columns(int rows) => Types.Select((t, j) =>
    {
        var b = ColumnBuilder.Create(t, rows);
        for (var r = 0; r < rows; r++) b.Append(Value(j, r));
        return b.Build();
    }).ToArray();

    [Fact]
    public void FixedWidthSlices_DecodeStraightIntoOneColumn_AtTheirOffsets_WithNulls_AndRejectDamage()
    {
        // Every fixed-width type of Types, in three slices of a 1,000-row fragment; row % 5 == 3 is null.
        var fixedTypes = Types.Select((t, j) => (t, j)).Where(x => FixedWidthColumnBuffer.WidthOf(x.t) is not null && x.t.Kind != TypeKind.Decimal).ToList();
        Assert.Equal(7, fixedTypes.Count);
        var all = Columns(1000);
        var whole = fixedTypes.Select(x => all[x.j]).ToList();
        var buffers = fixedTypes.Select(x => new FixedWidthColumnBuffer(x.t, 1000)).ToList();
        foreach (var (start, rows) in new[] { (0, 300), (300, 650), (950, 50) })
        {
            var bytes = CheckpointSliceFile.Encode(7, start, rows, whole.Select(c => c.Slice(start, rows)).ToList());
            Assert.True(CheckpointSliceFile.TryDecodeInto(bytes, 7, start, rows, buffers, start));
            Assert.False(CheckpointSliceFile.TryDecodeInto(bytes, 8, start, rows, buffers, start)); // another fragment's slice
            var damaged = (byte[])bytes.Clone();
            damaged[^9] ^= 0x10;
            Assert.False(CheckpointSliceFile.TryDecodeInto(damaged, 7, start, rows, buffers, start));
        }
        for (var k = 0; k < whole.Count; k++)
        {
            Assert.False(buffers[k].Complete);
            Strata.Tests.TestSupport.BatchAssert.ColumnEqual(whole[k], buffers[k].ToColumn(), fixedTypes[k].t.ToString());
        }
        Assert.Throws<ArgumentException>(() => new FixedWidthColumnBuffer(DataType.String, 1));
    }

    [Fact]
    public void Slice_RoundTripsEveryTypeKind_AndAnyDamageIsDetected()
    {
        const int rows = 37;
        var columns = Columns(rows);
        var bytes = CheckpointSliceFile.Encode(4, 1000, rows, columns);

        var decoded = CheckpointSliceFile.TryDecode(bytes, 4, 1000, rows, Types);
        Assert.NotNull(decoded);
        for (var j = 0; j < Types.Length; j++)
        {
            Assert.Equal(Types[j], decoded[j].Type);
            for (var r = 0; r < rows; r++) Assert.Equal(columns[j].IsNull(r), decoded[j].IsNull(r));
        }
        Assert.Equal(2 * 1_000_003L, ((PrimitiveColumn<long>)decoded[0])[2]);
        Assert.Equal("välue-1", ((StringColumn)decoded[1])[1]);
        Assert.Equal("", ((StringColumn)decoded[1])[4]);
        Assert.Equal(7 * 1.125m, ((PrimitiveColumn<decimal>)decoded[4])[7]);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddSeconds(9), ((PrimitiveColumn<DateTime>)decoded[6])[9]);
        Assert.Equal(new[] { 6f, 12f, 18f }, ((FixedSizeListColumn)decoded[9]).GetFloats(6).ToArray());
        // Every value survives: encoding the decoded columns gives the very same bytes.
        Assert.Equal(bytes, CheckpointSliceFile.Encode(4, 1000, rows, decoded));

        // Another identity, any flipped byte, any truncation: not a slice.
        Assert.Null(CheckpointSliceFile.TryDecode(bytes, 5, 1000, rows, Types));
        Assert.Null(CheckpointSliceFile.TryDecode(bytes, 4, 1001, rows, Types));
        Assert.Null(CheckpointSliceFile.TryDecode(bytes, 4, 1000, rows - 1, Types));
        Assert.Null(CheckpointSliceFile.TryDecode(bytes, 4, 1000, rows, [.. Types.Take(12), DataType.Float64]));
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x10;
            Assert.Null(CheckpointSliceFile.TryDecode(damaged, 4, 1000, rows, Types));
        }
        foreach (var length in new[] { 0, 10, 35, bytes.Length / 2, bytes.Length - 1 })
            Assert.Null(CheckpointSliceFile.TryDecode(bytes[..length], 4, 1000, rows, Types));
    }

    [Fact]
    public async Task CorruptAndTruncatedSlices_AreRecomputed_WhenTheJobResumes()
    {
        await using var t = await LakeAsync(300);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 600));
        var calls = 0L;
        var failAt = 230L;
        var udf = Udf.Scalar("sized", (long id, string title) =>
        {
            if (Interlocked.Increment(ref calls) == Interlocked.Read(ref failAt)) throw new InvalidOperationException("stop here");
            return id * 3 + title.Length;
        });
        await table.AddColumnsAsync(udf);
        var options = new BackfillOptions { Concurrency = 1, CheckpointSize = 50, TaskRows = 100, CommitGranularity = 100 };
        var job = table.BackfillAsync("sized", options);
        await Assert.ThrowsAsync<UdfFailedException>(async () => await job);

        // Rows 0–199 are checkpointed as four slices (the fifth failed); damage two of them.
        var folder = Path.Combine(t.Folder, "tables", table.Id, "checkpoints");
        var slices = Directory.EnumerateFiles(folder, "*.ckpt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, slices.Count);
        var flipped = File.ReadAllBytes(slices[1]);
        flipped[flipped.Length / 2] ^= 0xFF;
        File.WriteAllBytes(slices[1], flipped);
        var whole = File.ReadAllBytes(slices[3]);
        File.WriteAllBytes(slices[3], whole[..(whole.Length / 2)]);

        Interlocked.Exchange(ref failAt, -1);
        var before = Interlocked.Read(ref calls);
        var result = await table.BackfillAsync("sized", options with { JobId = job.JobId });
        Assert.Equal(100, result.RowsFromCheckpoints);
        Assert.Equal(500, result.RowsComputed);
        Assert.Equal(500, Interlocked.Read(ref calls) - before);
        Assert.Equal(600, result.RowsCommitted);
        var values = await ByIdAsync(table, "sized");
        for (long id = 0; id < 600; id++) Assert.Equal(id * 3 + Title(id).Length, values[id][0]);
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    private sealed class Deltas : IProgress<BackfillProgress>
    {
        private long _last;
        public List<long> Items { get; } = [];

        public void Report(BackfillProgress value)
        {
            lock (Items)
            {
                if (value.RowsDone > _last) Items.Add(value.RowsDone - _last);
                _last = Math.Max(_last, value.RowsDone);
            }
        }
    }

    [Fact]
    public async Task Slices_GrowFromTheDefaultCheckpointSize_UnlessACheckpointSizeIsChosen()
    {
        await using var t = await LakeAsync(60_000);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 60_000));
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id) => id * 2));

        var grown = new Deltas();
        var plan = await table.PlanBackfillAsync("twice");
        Assert.All(plan.Tasks, task => Assert.True(task.GrowSlices));
        await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1, Progress = grown });
        Assert.Equal(UdfOptions.DefaultCheckpointSize, grown.Items[0]);
        Assert.Contains(grown.Items, d => d > UdfOptions.DefaultCheckpointSize);
        for (var i = 1; i < grown.Items.Count; i++) Assert.True(grown.Items[i] <= grown.Items[i - 1] * 4, $"slice {i} grew more than 4×");
        Assert.Equal(60_000, grown.Items.Sum());

        await table.AlterColumnAsync("twice", Udf.Scalar("twice", (long id) => id * 2 + 1));
        var fixedSize = new Deltas();
        var chosen = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1, CheckpointSize = 8192, Progress = fixedSize });
        Assert.Equal(60_000, chosen.RowsComputed);
        Assert.All(fixedSize.Items, d => Assert.True(d <= 8192, $"a slice of {d} rows with checkpoint size 8192"));
        var values = await ByIdAsync(table, "twice");
        for (long id = 0; id < 60_000; id += 997) Assert.Equal(id * 2 + 1, values[id][0]);
    }

    private static CheckpointSlice Slice(long start, long end) => new($"s{start}-{end}", 0, start, end);

    [Fact]
    public void Chain_TilesAFragmentWithTheFewestSlices_EvenWhenRunsOverlap()
    {
        // Two runs cut the fragment differently: [0,10) [10,30) [30,40) by one, [0,20) [20,40) by the other, plus a stray [5,15).
        var sorted = new[] { Slice(0, 10), Slice(0, 20), Slice(5, 15), Slice(10, 30), Slice(20, 40), Slice(30, 40) };
        var chain = CheckpointSlices.Chain(sorted, 40);
        Assert.NotNull(chain);
        Assert.Equal(["s0-20", "s20-40"], chain.Select(c => c.Path));
        Assert.Null(CheckpointSlices.Chain(sorted, 50));
        Assert.Equal(40, CheckpointSlices.Reach(sorted, 50));
        Assert.Null(CheckpointSlices.Chain([Slice(0, 10), Slice(15, 40)], 40));
        Assert.Equal(10, CheckpointSlices.Reach([Slice(0, 10), Slice(15, 40)], 40));
        Assert.Null(CheckpointSlices.Chain([], 0));

        // A task boundary inside an earlier slice moves to its end; one on or between slices stays.
        var earlier = new[] { Slice(0, 8), Slice(8, 24) };
        Assert.Equal(24, CheckpointSlices.AlignBoundary(earlier, 16));
        Assert.Equal(8, CheckpointSlices.AlignBoundary(earlier, 8));
        Assert.Equal(32, CheckpointSlices.AlignBoundary(earlier, 32));
    }

    [Fact]
    public void CutTasks_SpreadsTheRowsLeftToCompute_AndNeverCutsInsideAnEarlierSlice()
    {
        // A fresh fragment: plain cuts of the task size.
        Assert.Equal([(0L, 40L), (40L, 80L), (80L, 100L)], CheckpointSlices.CutTasks([], 100, 40));

        // A resumed fragment: [0,60) checkpointed, 40 rows left for two workers: 20 each, the covered prefix riding along.
        Assert.Equal([(0L, 80L), (80L, 100L)], CheckpointSlices.CutTasks([Slice(0, 60)], 100, 20));

        // Scattered slices: every range holds at most 15 rows to compute, ranges tile the fragment, no cut falls inside a slice.
        var earlier = new[] { Slice(10, 30), Slice(30, 35), Slice(50, 90), Slice(95, 100) };
        var cuts = CheckpointSlices.CutTasks(earlier, 120, 15);
        Assert.Equal(0, cuts[0].Start);
        Assert.Equal(120, cuts[^1].End);
        for (var i = 1; i < cuts.Count; i++) Assert.Equal(cuts[i - 1].End, cuts[i].Start);
        foreach (var (start, end) in cuts)
        {
            Assert.DoesNotContain(earlier, x => x.Start < start && start < x.End);
            var uncovered = end - start - earlier.Sum(x => Math.Max(0, Math.Min(end, x.End) - Math.Max(start, x.Start)));
            Assert.InRange(uncovered, 1, 15);
        }
        Assert.Equal(120 - 70, cuts.Sum(c => c.End - c.Start - earlier.Sum(x => Math.Max(0, Math.Min(c.End, x.End) - Math.Max(c.Start, x.Start)))));

        // The planner's task size for a resumed fragment: rows left within one row group stay one task; more are spread.
        Assert.Equal(131_072, BackfillPlanner.ResumedTaskRows(82_000, 131_072, 8192, 2));
        Assert.Equal(122_880, BackfillPlanner.ResumedTaskRows(122_880, 65_536, 8192, 2));
        Assert.Equal(100_000, BackfillPlanner.ResumedTaskRows(200_000, 131_072, 8192, 2));
        Assert.Equal(131_072, BackfillPlanner.ResumedTaskRows(400_000, 131_072, 8192, 2));
        Assert.Equal(8192, BackfillPlanner.ResumedTaskRows(130_000, 131_072, 8192, 100));

        // All rows checkpointed: one range, nothing to compute.
        Assert.Equal([(0L, 40L)], CheckpointSlices.CutTasks([Slice(0, 25), Slice(25, 40)], 40, 10));
    }

    [Fact]
    public async Task AResumeThatCutsFragmentsElsewhere_ReusesEverySliceTheFailedRunWrote()
    {
        await using var t = await LakeAsync(60_000);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 60_000));
        await table.AddAsync(Rows(60_000, 40_000));
        var calls = 0L;
        var failing = 1L;
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id) =>
        {
            Interlocked.Increment(ref calls);
            if (id == 90_000 && Interlocked.Read(ref failing) == 1) throw new InvalidOperationException("stop here");
            return id * 2;
        }));

        // One worker, tasks of 24576 rows: the first fragment is committed; the second fails in its second task, leaving the
        // first task's grown slices ([0, 8192) and [8192, 24576) when the UDF is cheap) behind.
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 1, TaskRows = 3 * UdfOptions.DefaultCheckpointSize });
        await Assert.ThrowsAsync<UdfFailedException>(async () => await job);
        var folder = Path.Combine(t.Folder, "tables", table.Id, "checkpoints");
        var left = Directory.EnumerateFiles(folder, "*.ckpt", SearchOption.AllDirectories)
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('-'))
            .Sum(p => long.Parse(p[2], CultureInfo.InvariantCulture) - long.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.InRange(left, UdfOptions.DefaultCheckpointSize, 30_000);

        // Two workers plan only the second fragment, in tasks of 16384 rows: a boundary inside the earlier [8192, 24576).
        Interlocked.Exchange(ref failing, 0);
        var before = Interlocked.Read(ref calls);
        var result = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2, JobId = job.JobId });
        Assert.Equal(left, result.RowsFromCheckpoints);
        Assert.Equal(40_000 - left, result.RowsComputed);
        Assert.Equal(result.RowsComputed, Interlocked.Read(ref calls) - before);
        var values = await ByIdAsync(table, "twice");
        Assert.Equal(100_000, values.Count);
        for (long id = 0; id < 100_000; id++) Assert.Equal(id * 2, values[id][0]);
        Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }
}
