using Strata.Backfill;
using Strata.Data;
using Strata.Tests.TestSupport;
using Strata.Udfs;

namespace Strata.Tests.Udfs;

public sealed class BackfillBasicsTests
{
    internal static RecordBatch Docs(long start, int n)
    {
        var ids = new long[n];
        var texts = new string?[n];
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = start + i;
            texts[i] = string.Join(' ', Enumerable.Repeat("word", (int)((start + i) % 7) + 1));
            values[i] = (start + i) * 0.5;
        }
        return new RecordBatch(("id", Column.From(ids)), ("text", Column.From(texts)), ("value", Column.From(values)));
    }

    [Fact]
    public async Task ScalarUdf_AddColumn_Backfill_FillsEveryRow_AndRerunDoesNothing()
    {
        await using var t = await TempLake.CreateAsync(new LakeOptions { Author = "tests", MaxRowsPerFragment = 1000 });
        var table = await t.Lake.CreateTableAsync("docs", Docs(0, 2500));
        var calls = 0;
        var udf = Udf.Scalar("word_count", (string text) => { Interlocked.Increment(ref calls); return text.Split(' ').Length; },
            new UdfOptions { CheckpointSize = 300 });
        await table.AddColumnsAsync(udf);
        Assert.Equal(DataType.Int32, table.Schema["word_count"].Type);
        Assert.Equal(0, await table.CountRowsAsync("word_count IS NOT NULL"));

        var job = table.BackfillAsync("word_count", new BackfillOptions { Concurrency = 2 });
        var result = await job;
        Assert.Equal(2500, result.RowsComputed);
        Assert.Equal(3, result.FragmentsCommitted);
        Assert.Equal(2500, calls);
        var rows = await table.Query().Select("id", "word_count").ToBatchAsync();
        foreach (var r in rows.Rows()) Assert.Equal((int)((long)r["id"]! % 7) + 1, r["word_count"]);

        var again = await table.BackfillAsync("word_count");
        Assert.Equal(0, again.RowsComputed);
        Assert.Equal(2500, calls);

        var record = await t.Lake.GetJobAsync(job.JobId);
        Assert.Equal(JobStatus.Done, record.Status);
        Assert.Equal(2500, record.RowsCommitted);
        var viaSql = await t.Lake.SqlAsync($"SELECT count(*) AS n FROM __system.jobs WHERE job_id = '{job.JobId}'");
        Assert.True(Convert.ToInt64(viaSql[0, "n"]) >= 2);
    }

    [Fact]
    public async Task AppendedRows_AreFilledByTheNextBackfill_Only()
    {
        await using var t = await TempLake.CreateAsync(new LakeOptions { Author = "tests", MaxRowsPerFragment = 1000 });
        var table = await t.Lake.CreateTableAsync("docs", Docs(0, 1000));
        var calls = 0;
        await table.AddColumnsAsync(Udf.Scalar("twice", (double value) => { Interlocked.Increment(ref calls); return value * 2; }));
        await table.BackfillAsync("twice");
        await table.AddAsync(Docs(1000, 200));
        var second = await table.BackfillAsync("twice");
        Assert.Equal(200, second.RowsComputed);
        Assert.Equal(1200, calls);
        Assert.Equal(0, await table.CountRowsAsync("twice IS NULL OR twice <> value * 2"));
    }
}
