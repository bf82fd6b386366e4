using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Strata.Cli.Commands;
using Strata.Cli.Output;
using Strata.Data;

namespace Strata.Cli.Demo;

/// <summary>
/// Walks through Strata's features on a new lake, printing a heading and the result of each step. Uses
/// only the library's public API, as a user's program would.
/// </summary>
internal sealed class DemoRunner
{
    private const int HeadingWidth = 100;

    private readonly CommandContext _context;
    private readonly IAnsiConsole _screen;
    private readonly CancellationToken _ct;
    private int _step;

    /// <summary>Creates a demo writing to the context's console.</summary>
    public DemoRunner(CommandContext context)
    {
        _context = context;
        _screen = SpectreConsoles.Create(context.Console.Out, context.Console.IsOutputTerminal);
        if (!context.Console.IsOutputTerminal) _screen.Profile.Width = HeadingWidth; // headings as wide as the tables, not the pipe width
        _ct = context.CancellationToken;
    }

    /// <summary>Runs every step on a new lake in <paramref name="folder"/>.</summary>
    public async Task RunAsync(string folder)
    {
        var clock = Stopwatch.StartNew();

        var lake = await _context.CreateLakeAsync(folder, "Strata demo lake").ConfigureAwait(false);
        Heading("Create a lake");
        Say($"lake at {lake.Location}, author {lake.Author}");

        Heading("Create table 'docs' from 200 generated records");
        var docs = await lake.CreateTableAsync("docs", DemoData.Docs(DemoData.Range(0, 200)),
            new CreateTableOptions { Description = "Generated documents with 8-dimensional embeddings." }, _ct).ConfigureAwait(false);
        Say($"version {docs.Version}, {docs.RowCount} rows; schema: {docs.Schema}");

        Heading("Append 50 more records");
        var appended = await docs.AddAsync(DemoData.Docs(DemoData.Range(200, 50)), null, _ct).ConfigureAwait(false);
        Say($"version {appended.Version}, {appended.RowCount} rows");

        Heading("Show a few rows");
        Print(await docs.Query().Select("id", "title", "category", "embedding").Limit(5).ToBatchAsync(_ct).ConfigureAwait(false));

        Heading("Count with a filter: category = 'science'");
        Say($"{await docs.CountRowsAsync("category = 'science'", _ct).ConfigureAwait(false)} of {docs.RowCount} rows");

        Heading("Add a SQL column: body_length = length(body)");
        var added = await docs.AddColumnsAsync(new Dictionary<string, string> { ["body_length"] = "length(body)" }, _ct).ConfigureAwait(false);
        Say($"version {added.Version}; only the new column's files were written");
        Print(await docs.Query().Select("id", "body_length").Limit(3).ToBatchAsync(_ct).ConfigureAwait(false));

        Heading("Update: upper-case the titles of ids 0-2");
        var updated = await docs.UpdateAsync("id < 3", new Dictionary<string, string> { ["title"] = "upper(title)" }, _ct).ConfigureAwait(false);
        Say($"{updated} rows updated; version {docs.Version}");
        Print(await docs.Query().Select("id", "title").Where("id < 3").ToBatchAsync(_ct).ConfigureAwait(false));

        Heading("Delete: ids 240 and up");
        var deleted = await docs.DeleteAsync("id >= 240", _ct).ConfigureAwait(false);
        Say($"{deleted} rows deleted; version {docs.Version}, {docs.RowCount} rows");

        Heading("Merge-insert by id: ids 0-1 updated, 1000-1002 inserted");
        var source = DemoData.Docs([0, 1, 1000, 1001, 1002], "Merged");
        var merged = await docs.MergeInsertAsync(["id"], source, null, _ct).ConfigureAwait(false);
        Say($"{merged.Updated} updated, {merged.Inserted} inserted; version {merged.Version}");
        Print(await docs.Query().Select("id", "title", "body_length").Where("id IN (0, 1, 1000)").ToBatchAsync(_ct).ConfigureAwait(false));

        Heading("Versions of 'docs'");
        ReadCommands.WriteVersions(Rows(), await docs.ListVersionsAsync(_ct).ConfigureAwait(false));

        Heading("Time travel: 'docs' at version 1");
        var first = await lake.OpenTableAsync("docs", 1, _ct).ConfigureAwait(false);
        Say($"version 1 has {first.RowCount} rows and columns {string.Join(", ", first.Schema.Fields.Select(f => f.Name))}; the newest has {docs.RowCount}");
        Print(await first.Query().Select("id", "title").Limit(3).ToBatchAsync(_ct).ConfigureAwait(false));

        Heading("SQL across two tables: join 'docs' with 'categories' and aggregate");
        await lake.CreateTableAsync("categories", DemoData.CategoryTable(), null, _ct).ConfigureAwait(false);
        Print(await lake.SqlAsync(
            "SELECT c.label, count(*) AS docs, round(avg(d.body_length), 1) AS avg_body_length, round(sum(c.weight), 1) AS weighted "
            + "FROM docs AS d JOIN categories AS c ON c.category = d.category GROUP BY c.label ORDER BY docs DESC, c.label",
            null, _ct).ConfigureAwait(false));

        Heading("Tag the newest version 'reviewed'");
        await docs.CreateTagAsync("reviewed", null, _ct).ConfigureAwait(false);
        var tags = await docs.ListTagsAsync(_ct).ConfigureAwait(false);
        Say(string.Join(", ", tags.Select(t => $"{t.Key} -> version {t.Value}")));

        Heading("Compact: merge fragments and drop deleted rows");
        var compacted = await docs.CompactAsync(null, _ct).ConfigureAwait(false);
        Say($"{compacted.FragmentsRemoved} fragments rewritten into {compacted.FragmentsAdded}; version {compacted.Version}, "
            + $"{await docs.CountRowsAsync(null, _ct).ConfigureAwait(false)} rows");

        Heading("Clean up: keep the 2 newest versions (and tagged ones)");
        var cleaned = await docs.CleanupAsync(new CleanupOptions { KeepVersions = 2 }, _ct).ConfigureAwait(false);
        Say($"removed {cleaned.VersionsRemoved} versions and {cleaned.FilesRemoved} files ({HistoryCommands.Bytes(cleaned.BytesRemoved)}); "
            + "the tagged version keeps the files it reads");
        var remaining = await docs.ListVersionsAsync(_ct).ConfigureAwait(false);
        Say($"versions left: {string.Join(", ", remaining.Select(v => v.Version.ToString(CultureInfo.InvariantCulture)))}");

        _screen.WriteLine();
        Say($"done in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s. Explore it:");
        Say($"  strata --lake {Quote(lake.Location)} show docs --select \"id,title,body_length\" --limit 5");
        Say($"  strata --lake {Quote(lake.Location)} sql \"SELECT category, count(*) FROM docs GROUP BY ALL\"");
    }

    private void Heading(string title)
    {
        _step++;
        _screen.WriteLine();
        _screen.Write(new Rule($"[bold]{_step}. {Markup.Escape(title)}[/]").LeftJustified());
    }

    private void Say(string text) => _screen.WriteLine(text);

    private RowWriter Rows() => RowWriter.Create(OutputFormat.Table, _context.Console);

    private void Print(RecordBatch batch)
    {
        var writer = Rows();
        writer.WriteBatch(batch);
        writer.End();
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
