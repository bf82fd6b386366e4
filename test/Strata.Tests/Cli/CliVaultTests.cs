using System.Security.Cryptography;
using System.Text.Json;

namespace Strata.Tests.Cli;

/// <summary>The vault through the real command line: tables, modules, builders, instances, processes, tree, archives.</summary>
public sealed class CliVaultTests
{
    private static async Task<(CliHarness Cli, string Counter)> VaultAsync()
    {
        var cli = new CliHarness();
        await cli.OkAsync("init");
        var counter = Path.Combine(cli.Folder, "calls.txt");
        await cli.OkAsync("module", "create", "shop", "--from", cli.WriteFile("shop.cs", CliVaultSources.Module));
        return (cli, counter);
    }

    private static int Calls(string counter, string what) =>
        File.Exists(counter) ? File.ReadAllLines(counter).Count(l => l == what) : 0;

    private static async Task BuildItemsAsync(CliHarness cli, string counter)
    {
        await cli.OkAsync("create", "items", "--description", "things for sale");
        await cli.OkAsync("instance", "create", "items");
        await cli.OkAsync("builder", "create", "items", "--from", cli.WriteFile("items_index.yaml", CliVaultSources.Index(counter)));
        await cli.OkAsync("builder", "create", "items", "price", "--text", CliVaultSources.Price(counter));
    }

    [Fact]
    public async Task Create_build_execute_show_copy_and_reexecute_without_builder_calls()
    {
        var (cli, counter) = await VaultAsync();
        using var _ = cli;
        var create = await cli.OkAsync("create", "items", "--description", "things for sale", "--allow-multiple-artifacts");
        Assert.Matches(@"^created vault table 'items', multiple artifact folders; .* \(process p-\d{14}-[0-9a-f]{8}\)$", create.OutLines[0]);
        var draft = await cli.OkAsync("instance", "create", "items", "--builder", "price");
        Assert.Contains("builder files: items_index, price", draft.Out, StringComparison.Ordinal);
        await cli.OkAsync("builder", "create", "items", "--from", cli.WriteFile("items_index.yaml", CliVaultSources.Index(counter)));
        await cli.OkAsync("builder", "create", "items", "price", "--text", CliVaultSources.Price(counter));
        Assert.Equal(["builder", "items_index", "price"], (await cli.OkAsync("builder", "list", "items", "--format", "csv")).OutLines);
        Assert.Contains("function: Price", (await cli.OkAsync("builder", "show", "items", "price")).Out, StringComparison.Ordinal);

        var run = await cli.LakeAsync("instance", "execute", "items", "--progress", "lines");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("execute items: builder price: 4/4 rows", run.Error, StringComparison.Ordinal);
        Assert.Matches(@"^executed 'items' version 'base': instance base_\d{17}_[0-9a-f]{8}, 4 rows, 5 builder call\(s\) \(process p-", run.OutLines[0]);
        Assert.Equal(1, Calls(counter, "items"));
        Assert.Equal(4, Calls(counter, "price"));

        var rows = (await cli.OkAsync("instance", "show", "items", "--format", "json")).Json;
        Assert.Equal([1L, 2, 3, 4], rows.Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal([10L, 20, 30, 40], rows.Select(r => r.GetProperty("price").GetInt64()));
        Assert.Equal("item-3", rows[2].GetProperty("name").GetString());
        Assert.Equal(2, (await cli.OkAsync("instance", "show", "items", "--rows", "2", "--format", "csv")).OutLines.Count - 1);

        // copy the instance and execute it unchanged: identical data, no builder call
        File.Delete(counter);
        await cli.OkAsync("instance", "create", "items", "--copy");
        var again = await cli.OkAsync("instance", "execute", "items");
        Assert.Contains(", 0 builder call(s)", again.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(counter));
        var list = (await cli.OkAsync("instance", "list", "items", "--format", "json")).Json;
        Assert.Equal(2, list.Count);
        Assert.All(list, i => Assert.True(i.GetProperty("success").GetBoolean()));
        var first = list[0].GetProperty("instance_id").GetString()!;
        Assert.Equal(first, list[1].GetProperty("origin").GetString());
        Assert.Equal(
            (await cli.OkAsync("instance", "show", "items", "--id", first, "--format", "csv")).Out,
            (await cli.OkAsync("instance", "show", "items", "--format", "csv")).Out);

        // change one builder: only that column is recomputed
        await cli.OkAsync("instance", "create", "items", "--copy");
        await cli.OkAsync("builder", "create", "items", "price", "--text", CliVaultSources.Price(counter, factor: 3));
        await cli.OkAsync("instance", "execute", "items");
        Assert.Equal(0, Calls(counter, "items"));
        Assert.Equal(4, Calls(counter, "price"));
        var changed = (await cli.OkAsync("instance", "show", "items", "--format", "json")).Json;
        Assert.Equal([3L, 6, 9, 12], changed.Select(r => r.GetProperty("price").GetInt64()));

        // describe, the lake view of the same table, the tree and the artifact folder
        var described = (await cli.OkAsync("describe", "items", "--instance", first, "--format", "json")).Json
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("value").GetString());
        Assert.Equal("base", described["version"]);
        Assert.Equal("true", described["allow_multiple_artifacts"]);
        Assert.Contains("things for sale", (await cli.OkAsync("describe", "items")).Out, StringComparison.Ordinal);
        Assert.Equal("4", (await cli.OkAsync("count", "items")).OutLines[0]); // the latest instance is the lake table's newest version
        var tree = await cli.OkAsync("tree");
        Assert.Contains("items", tree.Out, StringComparison.Ordinal);
        Assert.Contains("shop", tree.Out, StringComparison.Ordinal);
        Assert.Contains(first, tree.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("shop", (await cli.OkAsync("tree", "--no-code")).Out, StringComparison.Ordinal);
        var folder = (await cli.OkAsync("artifacts", "items", "--instance", first)).OutLines[0];
        Assert.StartsWith(Path.GetFullPath(cli.LakePath) + Path.DirectorySeparatorChar, folder, StringComparison.Ordinal);
        Assert.EndsWith(first, folder, StringComparison.Ordinal);
        var jobs = (await cli.OkAsync("jobs", "--table", "items", "--format", "json")).Json;
        Assert.Contains(jobs, j => j.GetProperty("kind").GetString() == "vault.execute_instance" && j.GetProperty("status").GetString() == "done");
    }

    [Fact]
    public async Task Module_commands_list_show_and_delete_and_compile_errors_name_the_line()
    {
        var (cli, _) = await VaultAsync();
        using var __ = cli;
        Assert.Equal(["module", "shop"], (await cli.OkAsync("module", "list", "--format", "csv")).OutLines);
        Assert.Equal(CliVaultSources.Module.TrimEnd(), (await cli.OkAsync("module", "show", "shop")).Out.TrimEnd());
        var bad = await cli.LakeAsync("module", "create", "broken", "--text", "public static class B {\n  public static int F() => nope;\n}");
        bad.AssertError(1, "broken");
        Assert.Matches(@":\s?\(?\d|line \d|\(2,", bad.ErrorLines[0]);
        Assert.Equal(["module", "shop"], (await cli.OkAsync("module", "list", "--format", "csv")).OutLines);
        await cli.OkAsync("module", "delete", "shop");
        Assert.Equal(["module"], (await cli.OkAsync("module", "list", "--format", "csv")).OutLines);
        (await cli.LakeAsync("module", "show", "shop")).AssertError(1, "does not exist");
    }

    [Fact]
    public async Task Bad_builder_yaml_and_bad_input_are_one_line_errors_that_change_nothing()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        var before = LakeHashes(cli.LakePath);
        var yaml = await cli.LakeAsync("builder", "create", "items", "price", "--text", "builder_type: ColumnBuilder\nchanged_columns: [price]\nbogus_field: 1\n");
        yaml.AssertError(1, "bogus_field");
        Assert.Contains(":3", yaml.ErrorLines[0], StringComparison.Ordinal);
        (await cli.LakeAsync("instance", "execute", "nope")).AssertError(1, "nope");
        (await cli.LakeAsync("instance", "show", "items")).AssertError(1, "no active");
        (await cli.LakeAsync("instance", "write", "items", "--from", cli.WriteFile("w.csv", "id\n1\n"), "--dependency", "items")).AssertError(2, "TABLE:INSTANCE_ID");
        (await cli.LakeAsync("create", "../escape")).AssertError(1);
        (await cli.LakeAsync("builder", "create", "items", "../../x", "--text", "a: 1")).AssertError(1);
        (await cli.LakeAsync("process", "stop", "p-20260101000000-00000000")).AssertError(1, "does not exist");
        Assert.Equal(before, LakeHashes(cli.LakePath));
        Assert.False(Directory.Exists(Path.Combine(cli.Folder, "escape")));
        Assert.False(File.Exists(Path.Combine(cli.Folder, "x.yaml")));

        var empty = new CliHarness();
        using var ___ = empty;
        await empty.OkAsync("init");
        (await empty.LakeAsync("instance", "list", "t")).AssertError(1, "holds no vault");
    }

    [Fact]
    public async Task Instance_write_from_a_file_with_dtypes_and_dependencies()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        await cli.OkAsync("instance", "execute", "items");
        var itemsId = (await cli.OkAsync("instance", "list", "items", "--format", "json")).Json[0].GetProperty("instance_id").GetString()!;
        await cli.OkAsync("create", "stock");
        await cli.OkAsync("instance", "create", "stock", "--external-edit");
        var file = cli.WriteFile("stock.csv", "item,count\n1,5\n2,0\n");
        var write = await cli.OkAsync("instance", "write", "stock", "--from", file, "--dependency", $"items:{itemsId}", "--dtype", "count=Int64");
        Assert.StartsWith("wrote 2 rows to 'stock' version 'base': instance base_", write.OutLines[0], StringComparison.Ordinal);
        var rows = (await cli.OkAsync("instance", "show", "stock", "--format", "json")).Json;
        Assert.Equal([5L, 0], rows.Select(r => r.GetProperty("count").GetInt64()));
        var listed = Assert.Single((await cli.OkAsync("instance", "list", "stock", "--format", "json")).Json);
        Assert.Equal($"items({itemsId})", listed.GetProperty("dependencies").GetString());
        var id = listed.GetProperty("instance_id").GetString()!;
        await cli.OkAsync("instance", "delete", "stock", id);
        Assert.Empty((await cli.OkAsync("instance", "list", "stock", "--format", "json")).Json);
    }

    [Fact]
    public async Task A_failing_execute_with_a_process_id_pauses_then_resume_completes_it_and_stop_reverts_another()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        var flag = cli.WriteFile("fail.flag", "x");
        await cli.OkAsync("builder", "create", "items", "flaky", "--text", CliVaultSources.Flaky(flag));
        var id = (await cli.OkAsync("process", "new")).OutLines[0];
        Assert.Matches(@"^p-\d{14}-[0-9a-f]{8}$", id);
        (await cli.LakeAsync("instance", "execute", "items", "--process-id", id)).AssertError(1, "flaky builder failed on purpose");
        var paused = Assert.Single((await cli.OkAsync("process", "list", "--format", "json")).Json);
        Assert.Equal(id, paused.GetProperty("process_id").GetString());
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        Assert.Equal("items", paused.GetProperty("table_name").GetString());
        Assert.Contains("flaky", paused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Calls(counter, "items"));

        File.Delete(flag);
        var resumed = await cli.OkAsync("process", "resume", id);
        Assert.Equal($"process {id} (execute_instance of 'items') is done", resumed.OutLines[0]);
        Assert.Equal(1, Calls(counter, "items")); // the completed index builder is not run again
        Assert.Equal(4, Calls(counter, "price"));
        Assert.Empty((await cli.OkAsync("process", "list", "--format", "json")).Json);
        var rows = (await cli.OkAsync("instance", "show", "items", "--format", "json")).Json;
        Assert.Equal([1001L, 1002, 1003, 1004], rows.Select(r => r.GetProperty("flaky").GetInt64()));

        // a second paused process, stopped: reverted, the vault's files as before it started
        await cli.OkAsync("instance", "create", "items", "--copy");
        await cli.OkAsync("builder", "create", "items", "flaky", "--text", CliVaultSources.Flaky(flag).Replace("row-wise", "row-wise\nn_threads: 1", StringComparison.Ordinal));
        File.WriteAllText(flag, "x");
        var before = LakeHashes(cli.LakePath);
        var second = (await cli.OkAsync("process", "new")).OutLines[0];
        (await cli.LakeAsync("instance", "execute", "items", "--process-id", second)).AssertError(1, "failed on purpose");
        var stop = await cli.OkAsync("process", "stop", second);
        Assert.Equal($"stopped process {second}; everything it did is reverted", stop.OutLines[0]);
        Assert.Empty((await cli.OkAsync("process", "list", "--format", "json")).Json);
        Assert.Equal(before, LakeHashes(cli.LakePath));
    }

    [Fact]
    public async Task Background_execute_runs_in_a_child_process_via_process_resume()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        var started = await cli.OkAsync("instance", "execute", "items", "--background");
        var id = started.OutLines[0].Split(' ')[2];
        Assert.Matches(@"^p-\d{14}-[0-9a-f]{8}$", id);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await cli.OkAsync("process", "list", "--format", "json")).Json.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the background process did not finish within 3 minutes");
            await Task.Delay(250);
        }
        var rows = (await cli.OkAsync("instance", "show", "items", "--format", "json")).Json;
        Assert.Equal([10L, 20, 30, 40], rows.Select(r => r.GetProperty("price").GetInt64()));
        var jobs = (await cli.OkAsync("jobs", "--table", "items", "--format", "json")).Json;
        Assert.Contains(jobs, j => j.GetProperty("job_id").GetString() == id && j.GetProperty("status").GetString() == "done");
    }

    [Fact]
    public async Task Vault_compress_decompress_round_trip_is_byte_identical_and_delete_removes_it()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        await cli.OkAsync("instance", "execute", "items");
        var before = LakeHashes(cli.LakePath);
        var packed = await cli.OkAsync("vault", "compress", "--level", "9");
        var archive = cli.LakePath + ".tar.gz";
        Assert.StartsWith($"compressed the vault into {archive}", packed.OutLines[0], StringComparison.Ordinal);
        (await cli.LakeAsync("vault", "delete", Path.Combine(cli.Folder))).AssertError(1);
        Assert.Equal($"deleted the vault at {Path.GetFullPath(cli.LakePath)}", (await cli.OkAsync("vault", "delete", cli.LakePath)).OutLines[0]);
        Assert.False(Directory.Exists(cli.LakePath));
        await cli.OkAsync("vault", "decompress");
        Assert.Equal(before, LakeHashes(cli.LakePath));
        Assert.Equal(4, (await cli.OkAsync("instance", "show", "items", "--format", "json")).Json.Count);
        (await cli.LakeAsync("vault", "compress", "--level", "12")).AssertError(1, "1 to 9");
    }

    [Fact]
    public async Task Rename_and_drop_of_a_vault_table_go_through_the_vault_and_plain_tables_keep_their_commands()
    {
        var (cli, counter) = await VaultAsync();
        using var __ = cli;
        await BuildItemsAsync(cli, counter);
        await cli.OkAsync("instance", "execute", "items");
        await cli.OkAsync("create", "plain", "--schema", "id int64");
        var renamed = await cli.OkAsync("rename", "items", "goods");
        Assert.StartsWith("renamed vault table 'items' to 'goods' (process p-", renamed.OutLines[0], StringComparison.Ordinal);
        Assert.Equal(4, (await cli.OkAsync("instance", "show", "goods", "--format", "json")).Json.Count);
        (await cli.LakeAsync("instance", "show", "items")).AssertError(1, "items");
        var dropped = await cli.OkAsync("drop", "goods");
        Assert.StartsWith("deleted vault table 'goods'", dropped.OutLines[0], StringComparison.Ordinal);
        (await cli.LakeAsync("instance", "show", "goods")).AssertError(1, "goods");
        Assert.Equal("renamed table 'plain' to 'plain2'", (await cli.OkAsync("rename", "plain", "plain2")).OutLines[0]);
        Assert.Equal("dropped table 'plain2'", (await cli.OkAsync("drop", "plain2")).OutLines[0]);
    }

    /// <summary>Every file under the lake (except lock files, which live outside the undo journal) with its hash.</summary>
    private static SortedDictionary<string, string> LakeHashes(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, file);
            if (rel.StartsWith(Path.Combine("vault", "locks"), StringComparison.Ordinal)) continue;
            result[rel] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return result;
    }
}
