using System.Text.Json;
using Strata.Cli;
using Strata.Compilation;
using Strata.Udfs;

namespace Strata.Tests.Cli;

/// <summary>UDFs, backfills and jobs through the command line: register from C# files and assemblies, add UDF columns, backfill, inspect jobs.</summary>
public sealed class CliUdfTests
{
    private const string WordsSource =
        "public static class Words { public static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length; }\n";

    private const string DocsCsv =
        "id,body\n" +
        "1,hello world\n" +
        "2,the quick brown fox\n" +
        "3,one\n" +
        "4,  spaced   out  \n";

    private static async Task<CliHarness> LakeWithDocsAsync()
    {
        var cli = new CliHarness();
        await cli.OkAsync("init");
        await cli.OkAsync("create", "docs", "--from", cli.WriteFile("docs.csv", DocsCsv));
        return cli;
    }

    private static string JobIdOf(CliResult backfill)
    {
        var first = backfill.OutLines[0];
        Assert.StartsWith("job ", first, StringComparison.Ordinal);
        return first.Split(' ')[1];
    }

    [Fact]
    public async Task Register_Add_Backfill_Show_And_Inspect_The_Job()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("words.cs", WordsSource);

        var register = await cli.OkAsync("udf", "register", "word_count", "--from", file);
        Assert.Contains("registered UDF 'word_count': scalar Words.WordCount(text) → word_count int32, version ", register.Out, StringComparison.Ordinal);
        var udfs = (await cli.OkAsync("udfs", "--format", "json")).Json;
        var listed = Assert.Single(udfs);
        Assert.Equal("word_count", listed.GetProperty("name").GetString());
        var version = listed.GetProperty("version").GetString();
        Assert.False(string.IsNullOrEmpty(version));
        Assert.Equal(["name,version", $"word_count,{version}"], (await cli.OkAsync("udfs", "--format", "csv")).OutLines);

        // Registering the same code again keeps the version.
        var again = await cli.OkAsync("udf", "register", "word_count", "--from", file);
        Assert.Contains("re-registered (unchanged)", again.Out, StringComparison.Ordinal);

        var add = await cli.OkAsync("add-column", "docs", "words", "--udf", "word_count", "--inputs", "body");
        Assert.Contains("added column 'words' (int32) to 'docs', computed by UDF 'word_count' from body", add.Out, StringComparison.Ordinal);
        Assert.Contains("strata backfill docs words", add.Out, StringComparison.Ordinal);
        var before = (await cli.OkAsync("show", "docs", "--select", "id,words", "--format", "json")).Json;
        Assert.All(before, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("words").ValueKind));

        var backfill = await cli.OkAsync("backfill", "docs", "words", "--concurrency", "2");
        var jobId = JobIdOf(backfill);
        Assert.Equal(2, backfill.OutLines.Count);
        Assert.StartsWith("backfilled 'docs' column 'words': 4 rows computed, 0 from checkpoints, 0 failed, 1 fragment(s) committed; version ",
            backfill.OutLines[1], StringComparison.Ordinal);

        var rows = (await cli.OkAsync("show", "docs", "--select", "id,words", "--format", "json")).Json;
        Assert.Equal([2, 4, 1, 2], rows.OrderBy(r => r.GetProperty("id").GetInt64()).Select(r => r.GetProperty("words").GetInt32()));

        // jobs: one done backfill of docs.words, in every format.
        var jobs = (await cli.OkAsync("jobs", "--format", "json")).Json;
        var job = Assert.Single(jobs);
        Assert.Equal(jobId, job.GetProperty("job_id").GetString());
        Assert.Equal("docs", job.GetProperty("table_name").GetString());
        Assert.Equal("words", job.GetProperty("column_name").GetString());
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal(4, job.GetProperty("rows_committed").GetInt64());
        Assert.Single((await cli.OkAsync("jobs", "--table", "docs", "--status", "done", "--format", "json")).Json);
        Assert.Empty((await cli.OkAsync("jobs", "--status", "failed", "--format", "json")).Json);
        Assert.Empty((await cli.OkAsync("jobs", "--table", "other", "--format", "json")).Json);
        var jobsCsv = await cli.OkAsync("jobs", "--format", "csv");
        Assert.StartsWith("job_id,table_name,column_name,kind,status,", jobsCsv.OutLines[0], StringComparison.Ordinal);
        Assert.Contains(jobId, (await cli.OkAsync("jobs")).Out, StringComparison.Ordinal);

        // job ID: every field and the events.
        var detail = Assert.Single((await cli.OkAsync("job", jobId, "--format", "json")).Json);
        Assert.Equal(jobId, detail.GetProperty("job_id").GetString());
        Assert.Equal("backfill", detail.GetProperty("kind").GetString());
        Assert.Equal("done", detail.GetProperty("status").GetString());
        Assert.Equal(4, detail.GetProperty("rows_planned").GetInt64());
        Assert.Equal(1, detail.GetProperty("fragments_committed").GetInt64());
        Assert.Equal(JsonValueKind.Object, detail.GetProperty("config").ValueKind);
        Assert.Equal("2", detail.GetProperty("config").GetProperty("concurrency").GetString());
        foreach (var field in new[] { "table_id", "launched_by", "created_at", "started_at", "completed_at", "udf_ms", "error", "seq" })
            Assert.True(detail.TryGetProperty(field, out _), field);
        var kinds = detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("planned", kinds[0]);
        Assert.Contains("commit", kinds);
        Assert.Equal("done", kinds[^1]);
        var people = await cli.OkAsync("job", jobId);
        Assert.Contains("rows_committed", people.Out, StringComparison.Ordinal);
        Assert.Contains("planned", people.Out, StringComparison.Ordinal);
        Assert.Contains("events)", people.Out, StringComparison.Ordinal);
        var csv = (await cli.OkAsync("job", jobId, "--format", "csv")).OutLines;
        Assert.StartsWith("job_id,seq,table_name,", csv[0], StringComparison.Ordinal);
        Assert.EndsWith(",events", csv[0], StringComparison.Ordinal);

        // errors JOB: none for this UDF.
        Assert.Empty((await cli.OkAsync("errors", jobId, "--format", "json")).Json);
        Assert.Equal(["row_id,column_name,attempt,exception_type,message,time"], (await cli.OkAsync("errors", jobId, "--format", "csv")).OutLines);

        // Resuming the finished job does nothing; a new backfill finds nothing to compute either.
        var resume = await cli.OkAsync("backfill", "docs", "words", "--job-id", jobId);
        Assert.Equal(jobId, JobIdOf(resume));
        Assert.Contains("already done", resume.Out, StringComparison.Ordinal);
        Assert.Contains("0 rows computed", resume.Out, StringComparison.Ordinal);
        var rerun = await cli.OkAsync("backfill", "docs", "words");
        Assert.Contains("0 rows computed", rerun.Out, StringComparison.Ordinal);
        Assert.Equal(2, (await cli.OkAsync("jobs", "--format", "json")).Json.Count);
    }

    [Fact]
    public async Task Backfill_With_Where_Job_Id_And_Progress_Lines()
    {
        using var cli = await LakeWithDocsAsync();
        await cli.OkAsync("udf", "register", "word_count", "--from", cli.WriteFile("words.cs", WordsSource), "--inputs", "body");
        await cli.OkAsync("add-column", "docs", "word_count", "--udf", "word_count");

        var some = await cli.LakeAsync("backfill", "docs", "word_count", "--where", "id <= 2", "--job-id", "first-half",
            "--checkpoint-size", "1", "--progress", "lines");
        Assert.Equal(0, some.ExitCode);
        Assert.Equal("job first-half", some.OutLines[0]);
        Assert.Contains("2 rows computed", some.Out, StringComparison.Ordinal);
        // The last progress line is printed when the job ends.
        Assert.Contains("docs.word_count: 4/4 rows (100%)", some.ErrorLines[^1], StringComparison.Ordinal);
        var rows = (await cli.OkAsync("show", "docs", "--select", "id,word_count", "--where", "word_count IS NOT NULL", "--format", "json")).Json;
        Assert.Equal([1L, 2L], rows.Select(r => r.GetProperty("id").GetInt64()).Order());

        var rest = await cli.OkAsync("backfill", "docs", "word_count", "--progress", "none");
        Assert.Contains("2 rows computed", rest.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.OkAsync("count", "docs", "--where", "word_count IS NULL", "--format", "json")).Json[0].GetProperty("count").GetInt64());
        var detail = (await cli.OkAsync("job", "first-half", "--format", "json")).Json[0];
        Assert.Equal("id <= 2", detail.GetProperty("config").GetProperty("where").GetString());

        // A new version of the UDF: the next backfill recomputes every row with it.
        var changed = cli.WriteFile("words2.cs", "public static class Words { public static int WordCount(string text) => 100 + text.Length; }");
        var update = await cli.OkAsync("udf", "register", "word_count", "--from", changed, "--inputs", "body");
        Assert.Contains("updated (was version ", update.Out, StringComparison.Ordinal);
        var recompute = await cli.OkAsync("backfill", "docs", "word_count");
        Assert.Contains("4 rows computed", recompute.Out, StringComparison.Ordinal);
        var one = (await cli.OkAsync("show", "docs", "--where", "id = 3", "--select", "word_count", "--format", "json")).Json.Single();
        Assert.Equal(103, one.GetProperty("word_count").GetInt32());
    }

    [Fact]
    public async Task Stateful_Class_Needs_No_Method()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("shout.cs", """
            using Strata.Udfs;

            public sealed class Shout : IStatefulUdf
            {
                private string _suffix = "";
                public void Setup() => _suffix = "!";
                public string Call(string body) => body.Trim().ToUpperInvariant() + _suffix;
                public void Dispose() { }
            }

            public sealed record Unrelated(int X);
            """);
        var register = await cli.OkAsync("udf", "register", "shout", "--from", file);
        Assert.Contains("registered UDF 'shout': stateful Shout(body) → shout string", register.Out, StringComparison.Ordinal);
        await cli.OkAsync("add-column", "docs", "loud", "--udf", "shout");
        await cli.OkAsync("backfill", "docs", "loud");
        var rows = (await cli.OkAsync("show", "docs", "--select", "id,loud", "--format", "json")).Json.OrderBy(r => r.GetProperty("id").GetInt64());
        Assert.Equal(["HELLO WORLD!", "THE QUICK BROWN FOX!", "ONE!", "SPACED   OUT!"], rows.Select(r => r.GetProperty("loud").GetString()));

        // --method Type names the class too.
        var named = await cli.OkAsync("udf", "register", "shout2", "--from", file, "--method", "Shout");
        Assert.Contains("stateful Shout(body)", named.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_Static_Methods_Need_Method()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("two.cs", """
            public static class Text
            {
                public static int Length(string body) => body.Length;
                public static string Upper(string body) => body.ToUpperInvariant();
            }
            """);
        var ambiguous = await cli.LakeAsync("udf", "register", "text", "--from", file);
        ambiguous.AssertError(1, "two.cs has 2 public static methods");
        Assert.Contains("Text.Length", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains("Text.Upper", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains("--method", ambiguous.Error, StringComparison.Ordinal);
        (await cli.LakeAsync("udf", "register", "text", "--from", file, "--method", "Text.Lower")).AssertError(1, "Text.Lower");
        Assert.Empty((await cli.OkAsync("udfs", "--format", "json")).Json);

        var upper = await cli.OkAsync("udf", "register", "upper", "--from", file, "--method", "Text.Upper");
        Assert.Contains("scalar Text.Upper(body) → upper string", upper.Out, StringComparison.Ordinal);
        await cli.OkAsync("add-column", "docs", "upper", "--udf", "upper");
        await cli.OkAsync("backfill", "docs", "upper");
        var row = (await cli.OkAsync("show", "docs", "--where", "id = 3", "--select", "upper", "--format", "json")).Json.Single();
        Assert.Equal("ONE", row.GetProperty("upper").GetString());
    }

    [Fact]
    public async Task Compile_Errors_Exit_1_With_Each_Diagnostic()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("bad.cs", "public static class Bad\n{\n    public static int F(string body) => body.Length\n    public static int G(string body) => nothing;\n}\n");
        var result = await cli.LakeAsync("udf", "register", "bad", "--from", file);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("does not compile (2 errors)", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(3, result.ErrorLines.Count);
        Assert.StartsWith($"{file}(3,", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.Contains("; expected", result.ErrorLines[1], StringComparison.Ordinal);
        Assert.StartsWith($"{file}(4,", result.ErrorLines[2], StringComparison.Ordinal);
        Assert.Contains("nothing", result.ErrorLines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Empty((await cli.OkAsync("udfs", "--format", "json")).Json);
    }

    [Fact]
    public async Task Prebuilt_Assembly_Is_Registered_As_Is()
    {
        using var cli = await LakeWithDocsAsync();
        var compiled = new CSharpCompiler().CompileOrThrow(
            [new SourceFile("lib.cs", "namespace Lib; public static class Measures { public static long Chars(string body) => body.Length; public static long Twice(long id) => 2 * id; }")],
            "measures_lib");
        var dll = Path.Combine(cli.Folder, "measures_lib.dll");
        await File.WriteAllBytesAsync(dll, compiled.AssemblyBytes!);

        (await cli.LakeAsync("udf", "register", "chars", "--from", dll)).AssertError(1, "2 public static methods");
        var register = await cli.OkAsync("udf", "register", "twice", "--from", dll, "--method", "Measures.Twice", "--inputs", "id", "--output-type", "float64");
        Assert.Contains("scalar Lib.Measures.Twice(id) → twice double", register.Out, StringComparison.Ordinal);
        await cli.OkAsync("add-column", "docs", "twice", "--udf", "twice");
        await cli.OkAsync("backfill", "docs", "twice");
        var rows = (await cli.OkAsync("show", "docs", "--select", "id,twice", "--format", "json")).Json.OrderBy(r => r.GetProperty("id").GetInt64());
        Assert.Equal([2.0, 4.0, 6.0, 8.0], rows.Select(r => r.GetProperty("twice").GetDouble()));
    }

    [Fact]
    public async Task Tuple_Outputs_Become_Columns()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("stats.cs",
            "public static class Stats { public static (int Words, int Chars) Measure(string body) => (body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, body.Length); }");
        await cli.OkAsync("udf", "register", "measure", "--from", file, "--outputs", "n_words,n_chars", "--output-type", "int64,int32",
            "--batch-size", "2", "--checkpoint-size", "2", "--row-timeout", "5s");
        var add = await cli.OkAsync("add-column", "docs", "ignored", "--udf", "measure");
        Assert.Contains("added columns 'n_words' (int64), 'n_chars' (int32)", add.Out, StringComparison.Ordinal);
        var backfill = await cli.OkAsync("backfill", "docs", "n_chars");
        Assert.Contains("4 rows computed", backfill.Out, StringComparison.Ordinal);
        var row = (await cli.OkAsync("show", "docs", "--where", "id = 2", "--select", "n_words,n_chars", "--format", "json")).Json.Single();
        Assert.Equal(4, row.GetProperty("n_words").GetInt64());
        Assert.Equal(19, row.GetProperty("n_chars").GetInt32());

        (await cli.LakeAsync("udf", "register", "m2", "--from", file, "--outputs", "a,b", "--output-type", "int64")).AssertError(2, "one type per output");
    }

    [Fact]
    public async Task Add_Column_With_Missing_Udf_Fails_Naming_It()
    {
        using var cli = await LakeWithDocsAsync();
        (await cli.LakeAsync("add-column", "docs", "x", "--udf", "no_such_udf")).AssertError(1, "UDF 'no_such_udf' is not registered");
        Assert.DoesNotContain("\"x\"", (await cli.OkAsync("describe", "docs", "--format", "csv")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "add-column", "docs", "x", "--udf", "u", "--sql", "1" }, "give one of --sql")]
    [InlineData(new[] { "add-column", "docs", "x", "--udf", "u", "--type", "int64" }, "give one of --sql")]
    [InlineData(new[] { "add-column", "docs", "x", "--sql", "1", "--inputs", "body" }, "--inputs only applies with --udf")]
    [InlineData(new[] { "udf", "register", "u" }, "--from")]
    [InlineData(new[] { "udf", "register", "u", "--from", "data.csv" }, "neither a C# file")]
    [InlineData(new[] { "udf", "register", "u", "--from", "x.cs", "--batch-size", "0" }, "--batch-size must be at least 1")]
    [InlineData(new[] { "udf", "register", "u", "--from", "x.cs", "--row-timeout", "soon" }, "not a duration")]
    [InlineData(new[] { "backfill", "docs" }, "strata backfill --help")]
    [InlineData(new[] { "backfill", "docs", "body", "--concurrency", "0" }, "--concurrency must be at least 1")]
    [InlineData(new[] { "backfill", "docs", "body", "--progress", "loud" }, "loud")]
    [InlineData(new[] { "jobs", "--status", "sleeping" }, "sleeping")]
    [InlineData(new[] { "errors" }, "strata errors --help")]
    public async Task Usage_Errors_Exit_2(string[] args, string contains)
    {
        using var cli = await LakeWithDocsAsync();
        (await cli.LakeAsync(args)).AssertError(2, contains);
    }

    [Theory]
    [InlineData(new[] { "udf", "register", "u", "--from", "/no/such/file.cs" }, "does not exist")]
    [InlineData(new[] { "udf", "register", "bad name", "--from", "/no/such/file.cs" }, "bad name")]
    [InlineData(new[] { "backfill", "docs", "nope" }, "column 'nope' does not exist")]
    [InlineData(new[] { "backfill", "nope", "x" }, "table 'nope' does not exist")]
    [InlineData(new[] { "backfill", "docs", "body", "--retry-failed-of", "no-such-job" }, "job 'no-such-job' does not exist")]
    [InlineData(new[] { "backfill", "docs", "body", "--job-id", "bad id!" }, "not valid")]
    [InlineData(new[] { "job", "no-such-job" }, "job 'no-such-job' does not exist")]
    [InlineData(new[] { "errors", "no-such-job" }, "job 'no-such-job' does not exist")]
    public async Task Strata_Errors_Exit_1(string[] args, string contains)
    {
        using var cli = await LakeWithDocsAsync();
        (await cli.LakeAsync(args)).AssertError(1, contains);
    }

    [Fact]
    public async Task Backfill_Of_A_Column_Without_Udf_Fails()
    {
        using var cli = await LakeWithDocsAsync();
        var result = await cli.LakeAsync("backfill", "docs", "body");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal("error: column 'body' is not computed by a UDF (it is 'data'); add it with a UDF to backfill it.", line);
        // A bad request fails before any job record is written.
        Assert.Empty((await cli.OkAsync("jobs", "--format", "json")).Json);
    }

    [Fact]
    public async Task Failing_Udf_Fails_The_Backfill_And_The_Job()
    {
        using var cli = await LakeWithDocsAsync();
        var file = cli.WriteFile("picky.cs",
            "public static class Picky { public static int Len(string body) => body == \"one\" ? throw new InvalidOperationException(\"no ones\") : body.Length; }");
        await cli.OkAsync("udf", "register", "picky", "--from", file);
        await cli.OkAsync("add-column", "docs", "len", "--udf", "picky");
        var result = await cli.LakeAsync("backfill", "docs", "len");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("UDF 'picky' failed", line, StringComparison.Ordinal);
        Assert.Contains("no ones", line, StringComparison.Ordinal);
        var jobId = JobIdOf(result);
        var job = Assert.Single((await cli.OkAsync("jobs", "--status", "failed", "--format", "json")).Json);
        Assert.Equal(jobId, job.GetProperty("job_id").GetString());
        var detail = (await cli.OkAsync("job", jobId, "--format", "json")).Json.Single();
        Assert.Equal("failed", detail.GetProperty("status").GetString());
        Assert.Contains("no ones", detail.GetProperty("error").GetString(), StringComparison.Ordinal);
        // Fail-fast records the failure on the job, not as row errors.
        Assert.Empty((await cli.OkAsync("errors", jobId, "--format", "json")).Json);
    }

    [Fact]
    public async Task Errors_Lists_Rows_A_Skipping_Udf_Failed_On()
    {
        // The CLI cannot give a registered UDF a skip policy (the lake's UDF records do not keep one), so the
        // failing backfill runs through the library; 'strata errors' and 'strata jobs' read what it recorded.
        using var cli = await LakeWithDocsAsync();
        string jobId;
        await using (var lake = await Lake.OpenAsync(cli.LakePath))
        {
            var docs = await lake.OpenTableAsync("docs");
            var udf = Udf.Scalar("no_ones", (string body) => body == "one" || body == "hello world" ? throw new InvalidOperationException($"skip '{body}'") : body.Length,
                new UdfOptions { ErrorPolicy = ErrorPolicy.Skip });
            await docs.AddColumnsAsync(udf);
            var running = docs.BackfillAsync("no_ones");
            var result = await running;
            Assert.Equal(2, result.RowsFailed);
            jobId = running.JobId;
        }

        var errors = (await cli.OkAsync("errors", jobId, "--format", "json")).Json;
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("no_ones", e.GetProperty("column_name").GetString());
            Assert.Equal("System.InvalidOperationException", e.GetProperty("exception_type").GetString());
            Assert.Equal(1, e.GetProperty("attempt").GetInt32());
            Assert.Equal(JsonValueKind.Number, e.GetProperty("row_id").ValueKind);
            Assert.False(e.TryGetProperty("stack_trace", out _));
        });
        Assert.Equal(["skip 'hello world'", "skip 'one'"], errors.Select(e => e.GetProperty("message").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await cli.OkAsync("errors", jobId, "--column", "no_ones", "--format", "json")).Json.Count);
        Assert.Empty((await cli.OkAsync("errors", jobId, "--column", "body", "--format", "json")).Json);
        var withStack = (await cli.OkAsync("errors", jobId, "--stack-trace", "--format", "json")).Json;
        Assert.All(withStack, e => Assert.True(e.TryGetProperty("stack_trace", out _)));
        var table = await cli.OkAsync("errors", jobId);
        Assert.Contains("skip 'hello world'", table.Out, StringComparison.Ordinal);
        Assert.Contains("(2 rows)", table.Out, StringComparison.Ordinal);

        var job = (await cli.OkAsync("jobs", "--table", "docs", "--format", "json")).Json.Single();
        Assert.Equal(2, job.GetProperty("rows_failed").GetInt64());
        Assert.Equal("done", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Registered_Error_Policy_Retries_And_Skips_Across_Processes()
    {
        using var cli = await LakeWithDocsAsync();
        // Throws once per row for "hello world" (retried), always for "one" (skipped after the retries).
        var file = cli.WriteFile("flaky.cs",
            "public static class Flaky { static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Seen = new();" +
            " public static int Len(string body) { var n = Seen.AddOrUpdate(body, 1, (_, v) => v + 1);" +
            " if (body == \"one\") throw new TimeoutException(\"never\"); if (body == \"hello world\" && n == 1) throw new TimeoutException(\"once\"); return body.Length; } }");
        await cli.OkAsync("udf", "register", "flaky", "--from", file, "--on-error", "skip", "--retries", "2", "--backoff", "fixed",
            "--retry-delay", "0.01s", "--retry-on", "System.TimeoutException");
        await cli.OkAsync("add-column", "docs", "len", "--udf", "flaky");
        var backfill = await cli.OkAsync("backfill", "docs", "len");
        var jobId = JobIdOf(backfill);
        var errors = (await cli.OkAsync("errors", jobId, "--format", "json")).Json;
        var error = Assert.Single(errors);
        Assert.Equal("never", error.GetProperty("message").GetString());
        Assert.Equal(3, error.GetProperty("attempt").GetInt32());
        var rows = (await cli.OkAsync("show", "docs", "--select", "id,len", "--format", "json")).Json
            .ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("len"));
        Assert.Equal(JsonValueKind.Null, rows[3].ValueKind);
        Assert.Equal(11, rows[1].GetInt32());
        Assert.Equal(2, (await cli.LakeAsync("udf", "register", "x", "--from", file, "--on-error", "maybe")).ExitCode);
        Assert.Equal(1, (await cli.LakeAsync("udf", "register", "x", "--from", file, "--retry-on", "NoSuchException")).ExitCode);
    }

    [Fact]
    public async Task Ctrl_C_Cancels_The_Job_And_Job_Id_Resumes_It()
    {
        using var cli = await LakeWithDocsAsync();
        var many = string.Concat(Enumerable.Range(1, 120).Select(i => $"{i},word{i} and more\n"));
        await cli.OkAsync("create", "big", "--from", cli.WriteFile("big.csv", "id,body\n" + many));
        var file = cli.WriteFile("slow.cs",
            "public static class Slow { public static int Len(string body) { System.Threading.Thread.Sleep(25); return body.Length; } }");
        await cli.OkAsync("udf", "register", "slow", "--from", file);
        await cli.OkAsync("add-column", "big", "len", "--udf", "slow");

        // Cancel once the first checkpoint is on disk (as Ctrl-C would).
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource();
        using var watchStop = new CancellationTokenSource(); // ends the watcher if the job finishes without a checkpoint being seen
        var checkpoints = Task.Run(async () =>
        {
            while (!Directory.EnumerateFiles(cli.LakePath, "*.ckpt", SearchOption.AllDirectories)
                       .Any(p => p.Contains($"{Path.DirectorySeparatorChar}checkpoints{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                await Task.Delay(20, watchStop.Token);
            await cancel.CancelAsync();
        });
        var args = new[] { "--lake", cli.LakePath, "backfill", "big", "len", "--concurrency", "1", "--checkpoint-size", "5" };
        var code = await StrataCli.RunAsync(args, stdout, stderr, cancel.Token);
        await watchStop.CancelAsync();
        try { await checkpoints; }
        catch (OperationCanceledException) { } // the job ended first; the exit code below says so
        Assert.Equal(130, code);
        var jobLine = stdout.ToString().Split('\n')[0].Trim();
        Assert.StartsWith("job ", jobLine, StringComparison.Ordinal);
        var jobId = jobLine[4..];
        var error = stderr.ToString().Trim();
        Assert.StartsWith("error: cancelled; job ", error, StringComparison.Ordinal);
        Assert.Contains($"--job-id {jobId}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        var cancelled = Assert.Single((await cli.OkAsync("jobs", "--status", "cancelled", "--format", "json")).Json);
        Assert.Equal(jobId, cancelled.GetProperty("job_id").GetString());

        // The resumed job keeps its checkpoint size (its checkpoints are named after it) without being told again.
        var resume = await cli.OkAsync("backfill", "big", "len", "--job-id", jobId, "--concurrency", "2");
        Assert.StartsWith($"job {jobId} (resuming: cancelled, ", resume.OutLines[0], StringComparison.Ordinal);
        var summary = resume.OutLines[^1];
        var fromCheckpoints = long.Parse(summary.Split(" rows computed, ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var computed = long.Parse(summary.Split(": ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(fromCheckpoints >= 5, summary);
        Assert.Equal(120, computed + fromCheckpoints);
        Assert.Equal("done", (await cli.OkAsync("job", jobId, "--format", "json")).Json[0].GetProperty("status").GetString());
        Assert.Equal(0, (await cli.OkAsync("count", "big", "--where", "len IS NULL OR len <> length(body)", "--format", "json")).Json[0].GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Job_Id_Of_Another_Column_Is_Refused()
    {
        using var cli = await LakeWithDocsAsync();
        await cli.OkAsync("udf", "register", "word_count", "--from", cli.WriteFile("words.cs", WordsSource), "--inputs", "body");
        await cli.OkAsync("add-column", "docs", "a", "--udf", "word_count");
        await cli.OkAsync("add-column", "docs", "b", "--udf", "word_count");
        await cli.OkAsync("backfill", "docs", "a", "--job-id", "fill-a");
        (await cli.LakeAsync("backfill", "docs", "b", "--job-id", "fill-a")).AssertError(1, "job fill-a is a backfill of 'docs' column 'a'");
    }
}
