// Computed columns from C# functions, end to end: a table of documents gets a word count (scalar UDF),
// a language guess (stateful UDF: its "model" loads once per worker), an embedding-like vector
// (float[16]), and a deliberately flaky function handled by retries and, for rows that keep failing,
// by skipping them (null + a recorded error) — then only the failed rows are re-run.
//
//   dotnet run --project examples/Documents [-- LAKE_FOLDER]
using Strata;
using Strata.Backfill;
using Strata.Data;
using Strata.Examples.Documents;
using Strata.Udfs;

var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "strata-documents-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss"));
await using var lake = await Lake.ConnectAsync(folder, new LakeOptions { Author = "example", MaxRowsPerFragment = 2_000 });
Console.WriteLine($"lake: {folder}");

var docs = await lake.CreateTableAsync("documents", Corpus.Generate(10_000), new CreateTableOptions { Mode = CreateMode.Overwrite });
Console.WriteLine($"documents: {docs.RowCount} rows in {docs.FragmentCount} fragments");

// 1. A scalar UDF: one row in, one value out; the input is bound by parameter name (body).
await docs.AddColumnsAsync(Udf.Scalar("word_count", (string body) => body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));

// 2. A stateful UDF: setup once per worker, then one call per row.
await docs.AddColumnsAsync(Udf.Stateful<LanguageGuesser>("language"));

// 3. An embedding-like vector column: float[16] declared, computed from the title.
await docs.AddColumnsAsync(Udf.Scalar("embedding", (string title) => Embeddings.Of(title),
    new UdfOptions { OutputType = DataType.FixedSizeList(DataType.Float32, 16) }));

// 4. A flaky function: transient failures are retried with exponential backoff; rows that keep
//    failing are skipped (left null, recorded in the errors table).
var flaky = Udf.Scalar("sentiment", (string body, long id) => Flaky.Sentiment(body, id), new UdfOptions
{
    ErrorPolicy = ErrorPolicy.Retry(3, BackoffKind.Exponential, TimeSpan.FromMilliseconds(5), then: ErrorMode.Skip, typeof(TimeoutException)),
});
await docs.AddColumnsAsync(flaky);

foreach (var column in new[] { "word_count", "language", "embedding", "sentiment" })
{
    var job = docs.BackfillAsync(column, new BackfillOptions { Concurrency = Environment.ProcessorCount });
    var result = await job;
    Console.WriteLine($"backfill {column,-11} job {result.JobId}: {result.RowsComputed} rows computed, {result.RowsFailed} failed, " +
        $"{result.FragmentsCommitted} fragments committed → version {result.Version}");
    if (result.RowsFailed > 0)
    {
        var errors = await lake.GetErrorsAsync(result.JobId);
        Console.WriteLine($"  {errors.Count} recorded errors, e.g. row {errors[0].RowId}: {errors[0].ExceptionType}: {errors[0].Message}");
        Flaky.Heal();
        var retry = await docs.BackfillAsync(column, new BackfillOptions { RetryFailedRowsOf = result.JobId });
        Console.WriteLine($"  re-ran only the failed rows: {retry.RowsComputed} computed, {retry.RowsFailed} failed");
    }
}

Console.WriteLine(await docs.Query().Select("id", "title", "word_count", "language", "sentiment").Limit(5).ToBatchAsync());
Console.WriteLine(await lake.SqlAsync("SELECT language, count(*) AS docs, avg(word_count) AS avg_words FROM documents GROUP BY language ORDER BY docs DESC"));
Console.WriteLine("jobs:");
foreach (var j in await lake.ListJobsAsync("documents"))
    Console.WriteLine($"  {j.JobId} {j.Column,-11} {j.Status} rows committed {j.RowsCommitted}");
