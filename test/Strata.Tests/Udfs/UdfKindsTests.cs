using System.Collections.Concurrent;
using Strata.Backfill;
using Strata.Data;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

/// <summary>A per-row stateful UDF counting its setups, calls and disposals (used by one test only).</summary>
public sealed class CountingPrefixer : IStatefulUdf
{
    public static int Setups;
    public static int Disposes;
    public static long Calls;
    public static readonly ConcurrentDictionary<int, int> CallsByInstance = new();
    private static int _instances;
    private readonly int _instance = Interlocked.Increment(ref _instances);
    private int _setups;
    private string? _prefix;
    private bool _disposed;

    public void Setup()
    {
        if (Interlocked.Increment(ref _setups) != 1) throw new InvalidOperationException("Setup ran twice on one instance.");
        Interlocked.Increment(ref Setups);
        _prefix = "p" + _instance + ":";
    }

    public string Call(string title)
    {
        if (_prefix is null) throw new InvalidOperationException("Call before Setup.");
        if (_disposed) throw new ObjectDisposedException(nameof(CountingPrefixer));
        Interlocked.Increment(ref Calls);
        CallsByInstance.AddOrUpdate(_instance, 1, (_, n) => n + 1);
        return _prefix + title;
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Increment(ref Disposes);
    }
}

/// <summary>A stateful batch UDF (IBatchUdf) counting its setups, calls and disposals (used by one test only).</summary>
public sealed class CountingScaler : IStatefulUdf, IBatchUdf
{
    public static int Setups;
    public static int Disposes;
    public static long Calls;
    public static int LargestBatch;
    private double _factor;

    public void Setup()
    {
        Interlocked.Increment(ref Setups);
        _factor = 10;
    }

    public Column Call(RecordBatch inputs)
    {
        if (_factor == 0) throw new InvalidOperationException("Call before Setup.");
        Interlocked.Increment(ref Calls);
        int seen;
        do seen = Volatile.Read(ref LargestBatch);
        while (inputs.RowCount > seen && Interlocked.CompareExchange(ref LargestBatch, inputs.RowCount, seen) != seen);
        var column = (PrimitiveColumn<double>)inputs.Column("value");
        var values = new double[inputs.RowCount];
        var valid = new bool[inputs.RowCount];
        for (var i = 0; i < values.Length; i++)
        {
            valid[i] = !column.IsNull(i);
            if (valid[i]) values[i] = column[i] * _factor;
        }
        return Column.From(values, valid);
    }

    public void Dispose() => Interlocked.Increment(ref Disposes);
}

/// <summary>A stateful UDF whose setup fails (used by one test only).</summary>
public sealed class FailingSetup : IStatefulUdf
{
    public static int Disposes;
    public static long Calls;
    public void Setup() => throw new InvalidOperationException("model file missing");
    public long Call(long id)
    {
        Interlocked.Increment(ref Calls);
        return id;
    }
    public void Dispose() => Interlocked.Increment(ref Disposes);
}

/// <summary>A stateful class that does not say what it returns (used to check validation).</summary>
public sealed class UndeclaredBatch : IStatefulUdf, IBatchUdf
{
    public void Setup() { }
    public Column Call(RecordBatch inputs) => inputs.Columns[0];
    public void Dispose() { }
}

public sealed class UdfKindsTests
{
    internal static Column Tripled(RecordBatch batch, ref long calls, ConcurrentBag<int> sizes)
    {
        Interlocked.Increment(ref calls);
        sizes.Add(batch.RowCount);
        var column = (PrimitiveColumn<double>)batch.Column("value");
        var values = new double[batch.RowCount];
        var valid = new bool[batch.RowCount];
        for (var i = 0; i < values.Length; i++)
        {
            valid[i] = !column.IsNull(i);
            if (valid[i]) values[i] = column[i] * 3;
        }
        return Column.From(values, valid);
    }

    [Fact]
    public async Task BatchUdf_WithDeclaredOutputType_FillsEveryRow_InBatches()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var calls = 0L;
        var sizes = new ConcurrentBag<int>();
        var udf = Udf.Batch("tripled", b => Tripled(b, ref calls, sizes), DataType.Float64, ["value"], new UdfOptions { BatchSize = 40 });
        Assert.Equal(UdfKind.Batch, udf.Kind);
        Assert.Equal(DataType.Float64, udf.Outputs[0].Type);
        await table.AddColumnsAsync(udf);
        Assert.Equal(DataType.Float64, table.Schema["tripled"].Type);

        var result = await table.BackfillAsync("tripled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, result.RowsComputed);
        Assert.Equal(Interlocked.Read(ref calls), result.Calls);
        Assert.All(sizes, s => Assert.InRange(s, 1, 40));
        Assert.Equal(300, sizes.Sum());
        Assert.True(calls >= 300 / 40, $"{calls} calls");
        foreach (var (id, v) in await ColumnAsync(table, "tripled"))
            Assert.Equal(HasValue(id) ? id * 0.5 * 3 : null, v);
    }

    [Fact]
    public async Task BatchUdf_ReturningAnotherType_OrLength_FailsTheJob()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        await table.AddColumnsAsync(Udf.Batch("wrong_type", b => b.Column("value"), DataType.Float32, ["value"]));
        await table.AddColumnsAsync(Udf.Batch("wrong_length", b => b.Column("value").Slice(0, 1), DataType.Float64, ["value"]));
        var e1 = await Assert.ThrowsAsync<UdfFailedException>(async () => await table.BackfillAsync("wrong_type", new BackfillOptions { Concurrency = 1 }));
        Assert.IsType<StrataInvalidInputException>(e1.InnerException);
        var e2 = await Assert.ThrowsAsync<UdfFailedException>(async () => await table.BackfillAsync("wrong_length", new BackfillOptions { Concurrency = 1 }));
        Assert.IsType<StrataInvalidInputException>(e2.InnerException);
        Assert.Equal(0, await table.CountRowsAsync("wrong_type IS NOT NULL OR wrong_length IS NOT NULL"));
    }

    [Fact]
    public void BatchAndStatefulBatchUdfs_MustDeclareWhatTheyNeed()
    {
        Assert.Throws<StrataInvalidInputException>(() => Udf.Batch("b", x => x.Columns[0], DataType.Float64, []));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Stateful<UndeclaredBatch>("u"));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Stateful<UndeclaredBatch>("u", new UdfOptions { OutputType = DataType.Float64 }));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Stateful<UndeclaredBatch>("u", new UdfOptions { Inputs = ["value"] }));
        var ok = Udf.Stateful<UndeclaredBatch>("u", new UdfOptions { OutputType = DataType.Float64, Inputs = ["value"] });
        Assert.Equal(UdfKind.Stateful, ok.Kind);
        Assert.Throws<StrataInvalidInputException>(() => Udf.Stateful(typeof(string)));
    }

    [Fact]
    public async Task StatefulUdf_PerRow_SetsUpOncePerWorker_AndIsDisposedAtTheEnd()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 1000));
        var udf = Udf.Stateful<CountingPrefixer>("prefixed");
        Assert.Equal(UdfKind.Stateful, udf.Kind);
        Assert.Equal(new[] { "title" }, udf.Inputs);
        Assert.Equal(0, CountingPrefixer.Setups); // defining it runs nothing
        await table.AddColumnsAsync(udf);
        Assert.Equal(0, CountingPrefixer.Setups);

        var plan = await table.PlanBackfillAsync("prefixed", new BackfillOptions { Concurrency = 2 });
        Assert.True(plan.Tasks.Count >= 8, $"{plan.Tasks.Count} tasks");
        Assert.Equal(0, CountingPrefixer.Setups);

        var result = await table.BackfillAsync("prefixed", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(1000, result.RowsComputed);
        Assert.Equal(1000, Interlocked.Read(ref CountingPrefixer.Calls));
        Assert.InRange(CountingPrefixer.Setups, 1, 2);
        Assert.Equal(CountingPrefixer.Setups, CountingPrefixer.Disposes);
        Assert.True(CountingPrefixer.CallsByInstance.Count <= CountingPrefixer.Setups);
        foreach (var (id, v) in await ColumnAsync(table, "prefixed"))
        {
            var s = Assert.IsType<string>(v);
            Assert.Matches("^p[0-9]+:" + Title(id) + "$", s);
        }
    }

    [Fact]
    public async Task StatefulUdf_IBatchUdf_SetsUpOncePerWorker_AndIsDisposedAtTheEnd()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 1000));
        var udf = Udf.Stateful<CountingScaler>("scaled", new UdfOptions { OutputType = DataType.Float64, Inputs = ["value"], BatchSize = 30 });
        await table.AddColumnsAsync(udf);
        Assert.Equal(DataType.Float64, table.Schema["scaled"].Type);
        var result = await table.BackfillAsync("scaled", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(1000, result.RowsComputed);
        Assert.InRange(CountingScaler.Setups, 1, 2);
        Assert.Equal(CountingScaler.Setups, CountingScaler.Disposes);
        Assert.Equal(Interlocked.Read(ref CountingScaler.Calls), result.Calls);
        Assert.InRange(CountingScaler.LargestBatch, 1, 30);
        foreach (var (id, v) in await ColumnAsync(table, "scaled"))
            Assert.Equal(HasValue(id) ? id * 0.5 * 10 : null, v);
    }

    [Fact]
    public async Task MultiOutput_Tuple_AddsTwoColumns_FilledInOnePass()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 400));
        var calls = 0L;
        var udf = Udf.Scalar("stats", (string title) =>
        {
            Interlocked.Increment(ref calls);
            return (title.Length, title.ToUpperInvariant());
        }, new UdfOptions { Outputs = ["a", "b"] });
        Assert.Equal(2, udf.Outputs.Count);
        await table.AddColumnsAsync(udf);
        Assert.Equal(DataType.Int32, table.Schema["a"].Type);
        Assert.Equal(DataType.String, table.Schema["b"].Type);
        Assert.False(table.Schema.Contains("stats"));

        var job = table.BackfillAsync("a", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Equal(400, result.RowsComputed);
        Assert.Equal(400, Interlocked.Read(ref calls));
        Assert.Equal(400, result.Calls);
        foreach (var (id, row) in await ByIdAsync(table, "a", "b"))
        {
            Assert.Equal(Title(id).Length, row[0]);
            Assert.Equal(Title(id).ToUpperInvariant(), row[1]);
        }
        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal("a,b", record.Column);

        // The other output is up to date too: nothing to do, no calls.
        var other = await table.BackfillAsync("b");
        Assert.Equal(0, other.RowsComputed);
        Assert.Equal(400, Interlocked.Read(ref calls));
    }

    [Fact]
    public async Task MultiOutput_Record_MatchesOutputsByName_AndDeclaredTypes()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        // Names in another order than the record's properties: matched by name.
        await table.AddColumnsAsync(Udf.Scalar("info", (string title) => new TitleInfo(title.Length, title[..1]),
            new UdfOptions { Outputs = ["first", "length"] }));
        Assert.Equal(DataType.String, table.Schema["first"].Type);
        Assert.Equal(DataType.Int32, table.Schema["length"].Type);
        // Declared output types widen the tuple's elements.
        await table.AddColumnsAsync(Udf.Scalar("wide", (int n) => (n, (float)n / 2), new UdfOptions
        {
            Outputs = ["n64", "half64"],
            OutputTypes = [DataType.Int64, DataType.Float64],
        }));
        Assert.Equal(DataType.Int64, table.Schema["n64"].Type);
        Assert.Equal(DataType.Float64, table.Schema["half64"].Type);

        Assert.Equal(200, (await table.BackfillAsync("length", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        Assert.Equal(200, (await table.BackfillAsync("half64", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        foreach (var (id, row) in await ByIdAsync(table, "first", "length", "n64", "half64"))
        {
            Assert.Equal("t", row[0]);
            Assert.Equal(Title(id).Length, row[1]);
            Assert.Equal(id % 13, row[2]);
            Assert.Equal((double)((float)(id % 13) / 2), row[3]);
        }
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("bad", (int n) => (n, n), new UdfOptions { Outputs = ["x", "y", "z"] }));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("bad", (int n) => (n, n),
            new UdfOptions { Outputs = ["x", "y"], OutputTypes = [DataType.Int64] }));
    }

    [Fact]
    public async Task StatefulUdf_WhoseSetupFails_FailsTheJob_AndIsDisposed()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        await table.AddColumnsAsync(Udf.Stateful<FailingSetup>("never"));
        var job = table.BackfillAsync("never", new BackfillOptions { Concurrency = 1 });
        var e = await Assert.ThrowsAsync<UdfFailedException>(async () => await job);
        Assert.Equal("model file missing", e.InnerException!.Message);
        Assert.Equal(0, Interlocked.Read(ref FailingSetup.Calls));
        Assert.True(FailingSetup.Disposes >= 1);
        Assert.Equal(JobStatus.Failed, (await t.Lake.GetJobAsync(job.JobId)).Status);
    }

    [Fact]
    public async Task BatchUdf_UnderSkip_IsolatesTheFailingRows()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var bad = new HashSet<long> { 5, 6, 150 };
        var udf = Udf.Batch("ids_doubled", b =>
        {
            var ids = (PrimitiveColumn<long>)b.Column("id");
            var values = new long[b.RowCount];
            for (var i = 0; i < values.Length; i++)
            {
                if (bad.Contains(ids[i])) throw new ArgumentException($"bad id {ids[i]}");
                values[i] = ids[i] * 2;
            }
            return Column.From(values);
        }, DataType.Int64, ["id"], new UdfOptions { BatchSize = 32, ErrorPolicy = ErrorPolicy.Skip });
        await table.AddColumnsAsync(udf);
        var job = table.BackfillAsync("ids_doubled", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Equal(bad.Count, result.RowsFailed);
        foreach (var (id, v) in await ColumnAsync(table, "ids_doubled"))
            Assert.Equal(bad.Contains(id) ? null : id * 2, v);
        var rowIds = await RowIdsAsync(table);
        var errors = await t.Lake.GetErrorsAsync(job.JobId, "ids_doubled");
        Assert.Equal(bad.Select(id => rowIds[id]).Order(), errors.Select(e => e.RowId!.Value).Order());
        Assert.All(errors, e => Assert.Equal(typeof(ArgumentException).FullName, e.ExceptionType));
    }

    [Fact]
    public async Task MultiOutput_UnderSkip_LeavesEveryOutputOfAFailedRowNull()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        var udf = Udf.Scalar("stats", (long id, string title) => id % 40 == 1 ? throw new InvalidOperationException("no stats") : (title.Length, id * 2),
            new UdfOptions { Outputs = ["len", "twice"], ErrorPolicy = ErrorPolicy.Skip });
        await table.AddColumnsAsync(udf);
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Equal(5, result.RowsFailed);
        foreach (var (id, row) in await ByIdAsync(table, "len", "twice"))
        {
            Assert.Equal(id % 40 == 1 ? null : Title(id).Length, row[0]);
            Assert.Equal(id % 40 == 1 ? null : id * 2, row[1]);
        }
        var errors = await t.Lake.GetErrorsAsync(job.JobId);
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Equal("len,twice", e.Column));
    }

    [Fact]
    public async Task MultiOutput_Errors_CanBeReadByOneOfTheColumns()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        await table.AddColumnsAsync(Udf.Scalar("stats", (long id, string title) => id % 40 == 1 ? throw new InvalidOperationException("no stats") : (title.Length, id * 2),
            new UdfOptions { Outputs = ["len", "twice"], ErrorPolicy = ErrorPolicy.Skip }));
        var job = table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        await job;
        Assert.Equal(5, (await t.Lake.GetErrorsAsync(job.JobId, "twice")).Count);
        Assert.Equal(5, (await t.Lake.GetErrorsAsync(job.JobId, "len")).Count);
    }
}
