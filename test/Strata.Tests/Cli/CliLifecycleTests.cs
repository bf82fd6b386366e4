using System.Text.Json;

namespace Strata.Tests.Cli;

/// <summary>The whole life of a table through the command line, in-process, against a temporary lake.</summary>
public sealed class CliLifecycleTests
{
    private const string PeopleCsv =
        "id,name,score,v\n" +
        "1,alice,1.5,\"[1,2,3]\"\n" +
        "2,\"bob, jr\",2.5,\"[4,5,6.5]\"\n" +
        "3,\"say \"\"hi\"\"\",0.5,\n" +
        "4,,3,\"[0,0,1]\"\n";

    [Fact]
    public async Task Init_Create_Append_Query_Change_History_Maintain()
    {
        using var cli = new CliHarness();

        var init = await cli.OkAsync("init", "--description", "cli test lake");
        Assert.Contains("created lake at", init.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.LakePath, "_strata_lake.json")));

        var create = await cli.OkAsync("create", "people", "--schema", "id int64, name string, score float64, v float[3]", "--description", "people");
        Assert.Contains("created table 'people': version 1, 0 rows", create.Out, StringComparison.Ordinal);

        var append = await cli.OkAsync("append", "people", "--from", cli.WriteFile("people.csv", PeopleCsv));
        Assert.Contains("appended 4 rows to 'people': version 2", append.Out, StringComparison.Ordinal);

        // Table format: rows for people, nulls as "null", a row count.
        var table = await cli.OkAsync("show", "people");
        Assert.Contains("bob, jr", table.Out, StringComparison.Ordinal);
        Assert.Contains("say \"hi\"", table.Out, StringComparison.Ordinal);
        Assert.Contains("null", table.Out, StringComparison.Ordinal);
        Assert.Contains("(4 rows)", table.Out, StringComparison.Ordinal);

        // CSV: header + RFC 4180 quoting; nulls are empty fields.
        var csv = await cli.OkAsync("show", "people", "--format", "csv");
        Assert.Equal(
        [
            "id,name,score,v",
            "1,alice,1.5,\"[1, 2, 3]\"",
            "2,\"bob, jr\",2.5,\"[4, 5, 6.5]\"",
            "3,\"say \"\"hi\"\"\",0.5,",
            "4,,3,\"[0, 0, 1]\"",
        ], csv.OutLines);

        // JSON lines: numbers as numbers, null, vectors as arrays.
        var json = (await cli.OkAsync("show", "people", "--format", "json")).Json;
        Assert.Equal(4, json.Count);
        Assert.Equal([1L, 2L, 3L, 4L], json.Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal("bob, jr", json[1].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, json[3].GetProperty("name").ValueKind);
        Assert.Equal(2.5, json[1].GetProperty("score").GetDouble());
        Assert.Equal([4f, 5f, 6.5f], json[1].GetProperty("v").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(JsonValueKind.Null, json[2].GetProperty("v").ValueKind);

        // Select with a computed item, where, limit, offset, row ids.
        var selected = (await cli.OkAsync("show", "people", "--select", "id,up=upper(name),total=list_sum(v)", "--where", "id <= 2",
            "--with-row-id", "--format", "json")).Json;
        Assert.Equal(["id", "up", "total", "_rowid"], selected[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("ALICE", selected[0].GetProperty("up").GetString());
        Assert.Equal(6.0, selected[0].GetProperty("total").GetDouble());
        var paged = (await cli.OkAsync("show", "people", "--limit", "2", "--offset", "1", "--select", "id", "--format", "json")).Json;
        Assert.Equal([2L, 3L], paged.Select(r => r.GetProperty("id").GetInt64()));

        Assert.Equal(["2"], (await cli.OkAsync("count", "people", "--where", "score > 1.5")).OutLines);
        Assert.Equal(4, (await cli.OkAsync("count", "people", "--format", "json")).Json[0].GetProperty("count").GetInt64());

        var versions = (await cli.OkAsync("versions", "people", "--format", "json")).Json;
        Assert.Equal(["create", "append"], versions.Select(v => v.GetProperty("operation").GetString()));
        Assert.Equal([0L, 4L], versions.Select(v => v.GetProperty("rows").GetInt64()));
        Assert.Equal(JsonValueKind.Object, versions[1].GetProperty("parameters").ValueKind);

        var added = await cli.OkAsync("add-column", "people", "name_len", "--sql", "length(name)");
        Assert.Contains("added column 'name_len'", added.Out, StringComparison.Ordinal);
        Assert.Contains("version 3", added.Out, StringComparison.Ordinal);
        var typed = await cli.OkAsync("add-column", "people", "note", "--type", "string");
        Assert.Contains("version 4", typed.Out, StringComparison.Ordinal);
        var lengths = (await cli.OkAsync("show", "people", "--select", "id,name_len,note", "--format", "json")).Json;
        Assert.Equal(5, lengths[0].GetProperty("name_len").GetInt64());
        Assert.Equal(JsonValueKind.Null, lengths[0].GetProperty("note").ValueKind);

        var update = await cli.OkAsync("update", "people", "--where", "id = 1", "--set", "score=score*10", "--set", "note='vip'");
        Assert.Contains("updated 1 row of 'people'", update.Out, StringComparison.Ordinal);
        var alice = (await cli.OkAsync("show", "people", "--where", "id = 1", "--format", "json")).Json.Single();
        Assert.Equal(15.0, alice.GetProperty("score").GetDouble());
        Assert.Equal("vip", alice.GetProperty("note").GetString());

        var delete = await cli.OkAsync("delete", "people", "--where", "id = 4");
        Assert.Contains("deleted 1 row from 'people'", delete.Out, StringComparison.Ordinal);
        Assert.Equal(["3"], (await cli.OkAsync("count", "people")).OutLines);

        var mergeFile = cli.WriteFile("merge.csv", "id,name,score\n2,robert,9\n10,zoe,1\n");
        var merge = await cli.OkAsync("merge", "people", "--from", mergeFile, "--on", "id");
        Assert.Contains("1 updated, 1 inserted, 0 deleted", merge.Out, StringComparison.Ordinal);
        var merged = (await cli.OkAsync("show", "people", "--where", "id IN (2, 10)", "--select", "id,name,name_len", "--format", "json")).Json
            .OrderBy(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(["robert", "zoe"], merged.Select(r => r.GetProperty("name").GetString()));
        // The inserted row gets the SQL column computed. (The updated row keeps its old name_len: the library does not
        // recompute SQL columns when update/merge change their inputs — reported, not asserted here.)
        Assert.Equal(3L, merged[1].GetProperty("name_len").GetInt64());

        // Time travel reads the old version without changing anything.
        Assert.Equal(["4"], (await cli.OkAsync("count", "people", "--version", "2")).OutLines);
        var old = (await cli.OkAsync("show", "people", "--version", "2", "--format", "json")).Json;
        Assert.False(old[0].TryGetProperty("name_len", out _));

        var restore = await cli.OkAsync("restore", "people", "2");
        Assert.Contains("restored 'people' to the content of version 2", restore.Out, StringComparison.Ordinal);
        Assert.Equal(["4"], (await cli.OkAsync("count", "people")).OutLines);

        var sql = (await cli.OkAsync("sql", "SELECT count(*) AS n, sum(id) AS s FROM people", "--format", "json")).Json.Single();
        Assert.Equal(4, sql.GetProperty("n").GetInt64());
        Assert.Equal(10, sql.GetProperty("s").GetDouble());
        var pinned = (await cli.OkAsync("sql", "SELECT count(*) AS n FROM people", "--at", "people=1", "--format", "json")).Json.Single();
        Assert.Equal(0, pinned.GetProperty("n").GetInt64());

        await cli.OkAsync("tag", "people", "loaded", "--version", "2");
        var tags = (await cli.OkAsync("tags", "people", "--format", "json")).Json.Single();
        Assert.Equal("loaded", tags.GetProperty("tag").GetString());
        Assert.Equal(2, tags.GetProperty("version").GetInt64());

        var rename = await cli.OkAsync("rename", "people", "persons");
        Assert.Contains("renamed table 'people' to 'persons'", rename.Out, StringComparison.Ordinal);
        Assert.Equal(["table", "persons"], (await cli.OkAsync("tables", "--format", "csv")).OutLines);

        var compact = await cli.OkAsync("compact", "persons");
        Assert.Contains("'persons'", compact.Out, StringComparison.Ordinal);
        Assert.Equal(["4"], (await cli.OkAsync("count", "persons")).OutLines);

        var cleanup = await cli.OkAsync("cleanup", "persons", "--keep", "1");
        Assert.Matches(@"cleaned up 'persons': removed \d+ version\(s\), \d+ file\(s\)", cleanup.Out);
        var kept = (await cli.OkAsync("versions", "persons", "--format", "json")).Json.Select(v => v.GetProperty("version").GetInt64()).ToList();
        Assert.Contains(2L, kept); // tagged
        Assert.Equal(2, kept.Count); // tagged + newest

        await cli.OkAsync("namespace", "create", "team");
        await cli.OkAsync("create", "team.notes", "--schema", "id int64, text string");
        Assert.Equal(["table", "team.notes"], (await cli.OkAsync("tables", "--namespace", "team", "--format", "csv")).OutLines);
        Assert.Equal(["namespace", "team"], (await cli.OkAsync("namespace", "list", "--format", "csv")).OutLines);
        await cli.OkAsync("drop", "team.notes");
        await cli.OkAsync("namespace", "drop", "team");

        var drop = await cli.OkAsync("drop", "persons");
        Assert.Contains("dropped table 'persons'", drop.Out, StringComparison.Ordinal);
        Assert.Equal(["table"], (await cli.OkAsync("tables", "--format", "csv")).OutLines);
    }

    [Fact]
    public async Task Create_FromFile_Overwrite_ExistOk_And_BadVectors()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        var jsonl = cli.WriteFile("docs.jsonl",
            "{\"id\": 1, \"title\": \"a\", \"v\": [1, 2]}\n{\"id\": 2, \"title\": \"b\", \"v\": [1, 2, 3]}\n{\"id\": 3, \"title\": \"c\", \"v\": [3, 4]}\n");

        // The second vector has the wrong length: an error by default, dropped or filled on request.
        var failed = await cli.LakeAsync("create", "docs", "--from", jsonl, "--schema", "id int64, title string, v float[2]");
        failed.AssertError(1);
        var dropped = await cli.OkAsync("create", "docs", "--from", jsonl, "--schema", "id int64, title string, v float[2]", "--on-bad-vectors", "drop");
        Assert.Contains("created table 'docs': version 1, 2 rows", dropped.Out, StringComparison.Ordinal);

        var exists = await cli.LakeAsync("create", "docs", "--schema", "id int64, title string, v float[2]");
        exists.AssertError(1, "already exists");
        var kept = await cli.OkAsync("create", "docs", "--schema", "id int64, title string, v float[2]", "--exist-ok");
        Assert.Contains("kept existing table 'docs': version 1, 2 rows", kept.Out, StringComparison.Ordinal);

        var filled = await cli.OkAsync("create", "docs", "--from", jsonl, "--schema", "id int64, title string, v float[2]", "--mode", "overwrite",
            "--on-bad-vectors", "fill", "--fill-value", "7");
        Assert.Contains("overwrote table 'docs': version 2, 3 rows", filled.Out, StringComparison.Ordinal);
        var row = (await cli.OkAsync("show", "docs", "--where", "id = 2", "--format", "json")).Json.Single();
        Assert.Equal([7f, 7f], row.GetProperty("v").EnumerateArray().Select(e => e.GetSingle()));

        // Schema from the file alone.
        var inferred = await cli.OkAsync("create", "plain", "--from", cli.WriteFile("plain.csv", "k,x\n1,2.5\n2,3.5\n"));
        Assert.Contains("2 rows", inferred.Out, StringComparison.Ordinal);
        Assert.Equal(["1"], (await cli.OkAsync("count", "plain", "--where", "x > 3")).OutLines);

        var describe = await cli.OkAsync("describe", "plain", "--format", "csv");
        Assert.Equal("column,type,nullable", describe.OutLines[0]);
        Assert.Equal(3, describe.OutLines.Count);
    }

    [Fact]
    public async Task Show_TableFormat_LimitsTo20_And_Says_So()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        var rows = string.Join('\n', Enumerable.Range(1, 25).Select(i => $"{i},row {i}"));
        await cli.OkAsync("create", "t", "--from", cli.WriteFile("t.csv", "id,name\n" + rows + "\n"));

        var table = await cli.OkAsync("show", "t");
        Assert.Contains("(20 rows; showing the first 20; use --limit N for more)", table.Out, StringComparison.Ordinal);
        Assert.Contains("row 20", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("row 21", table.Out, StringComparison.Ordinal);

        Assert.Equal(26, (await cli.OkAsync("show", "t", "--format", "csv")).OutLines.Count);
        Assert.Equal(25, (await cli.OkAsync("show", "t", "--format", "json")).OutLines.Count);
        Assert.Equal(5, (await cli.OkAsync("show", "t", "--format", "json", "--limit", "5")).OutLines.Count);
        Assert.Contains("(25 rows)", (await cli.OkAsync("show", "t", "--limit", "100")).Out, StringComparison.Ordinal);

        // Empty results still print the header (csv) or nothing (json).
        Assert.Equal(["id,name"], (await cli.OkAsync("show", "t", "--where", "id > 100", "--format", "csv")).OutLines);
        Assert.Empty((await cli.OkAsync("show", "t", "--where", "id > 100", "--format", "json")).OutLines);
        Assert.Equal(["x"], (await cli.OkAsync("sql", "SELECT id AS x FROM t WHERE id > 100", "--format", "csv")).OutLines);
        Assert.Contains("showing the first 20", (await cli.OkAsync("sql", "SELECT * FROM t")).Out, StringComparison.Ordinal);
    }
}
