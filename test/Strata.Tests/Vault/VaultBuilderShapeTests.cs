using Strata.Data;
using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>What builder functions may take and return: records, dictionaries, async generators, tuples, frames; references with filters, instances and column sets.</summary>
public sealed class VaultBuilderShapeTests
{
    private const string Shapes = """
        public sealed record Item(long Id, string Label, double Score);

        public static class Shapes
        {
            public static List<Item> Records(int n) => Enumerable.Range(1, n).Select(i => new Item(i, "item" + i, i / 2.0)).ToList();

            public static IEnumerable<Dictionary<string, object?>> Dicts(List<long> ids) =>
                ids.Select(i => new Dictionary<string, object?> { ["double_id"] = i * 2, ["odd"] = i % 2 == 1 });

            public static async IAsyncEnumerable<(long, string)> Pairs(List<long> ids)
            {
                foreach (var i in ids)
                {
                    await Task.Yield();
                    yield return (i * 10, "p" + i);
                }
            }

            public static (double, string) Split(double score, string label) => (score * 100, label.ToUpperInvariant());

            public static RecordBatch Frame(RecordBatch items) =>
                RecordBatch.FromArrays(("x", Enumerable.Range(0, items.RowCount).Select(i => (string)items[i, "label"]! + ":" + items[i, "id"]).ToArray()));

            public static long Pick(long value) => value;

            public static List<string> Labels(List<string> labels) => labels;
        }
        """;

    [Fact]
    public async Task Builders_return_records_dictionaries_async_generators_tuples_and_frames_with_inferred_types()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateCodeModuleAsync("shapes", Shapes);
        await v.CreateTableAsync("items");
        await v.CreateInstanceAsync("items", builders: ["dicts", "pairs", "split", "frame"]);
        await v.CreateBuilderFileAsync("items", "items_index", text: """
            builder_type: IndexBuilder
            changed_columns: [id, label, score]
            primary_key: [id]
            code_module: shapes
            function: Records
            arguments:
              n: 4
            """);
        await v.CreateBuilderFileAsync("items", "dicts", text: """
            builder_type: ColumnBuilder
            changed_columns: [double_id, odd]
            code_module: shapes
            function: Dicts
            arguments:
              ids: <<self.id>>
            """);
        await v.CreateBuilderFileAsync("items", "pairs", text: """
            builder_type: ColumnBuilder
            changed_columns: [ten, tag]
            code_module: shapes
            function: Pairs
            arguments:
              ids: <<self.id>>
            return_type: generator
            """);
        await v.CreateBuilderFileAsync("items", "split", text: """
            builder_type: ColumnBuilder
            changed_columns: [pct, shout]
            code_module: shapes
            function: Split
            arguments:
              score: <<self.score>>
              label: <<self.label>>
            return_type: row-wise
            n_threads: 4
            """);
        await v.CreateBuilderFileAsync("items", "frame", text: """
            builder_type: ColumnBuilder
            changed_columns: [x]
            code_module: shapes
            function: Frame
            arguments:
              items: <<self.{id,label}>>
            """);
        await v.ExecuteInstanceAsync("items");
        var (data, firstId) = await v.GetDataFrameAsync("items");
        Assert.Equal(DataType.Int64, data.Schema["id"].Type);
        Assert.Equal(DataType.Float64, data.Schema["score"].Type);
        Assert.Equal(DataType.Int64, data.Schema["double_id"].Type);
        Assert.Equal(DataType.Boolean, data.Schema["odd"].Type);
        Assert.Equal(DataType.Float64, data.Schema["pct"].Type);   // inferred from the returned values, not strings
        Assert.Equal(4, data.RowCount);
        Assert.Equal(8L, data[3, "double_id"]);
        Assert.Equal(true, data[0, "odd"]);
        Assert.Equal(30L, data[2, "ten"]);
        Assert.Equal("p3", data[2, "tag"]);
        Assert.Equal(150.0, data[2, "pct"]);
        Assert.Equal("ITEM3", data[2, "shout"]);
        Assert.Equal("item2:2", data[1, "x"]);

        // references to another table: a filtered column, a named instance
        await v.CreateTableAsync("picks");
        await v.CreateInstanceAsync("picks");
        await v.CreateBuilderFileAsync("picks", "picks_index", text: $"""
            builder_type: IndexBuilder
            changed_columns: [label]
            code_module: shapes
            function: Labels
            arguments:
              labels: <<items({firstId}).label[odd::True]>>
            """);
        await v.ExecuteInstanceAsync("picks");
        var (picks, _) = await v.GetDataFrameAsync("picks");
        Assert.Equal(["item1", "item3"], VaultFlowTests.Strings(picks, "label"));
        var picksInstance = (await v.GetTableInstancesAsync("picks"))[0];
        Assert.Contains($"items({firstId})", (await v.GetDescriptionsAsync(picksInstance, "picks"))["dependencies"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_old_keeps_origin_rows_whose_key_is_gone_and_their_computed_values()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateCodeModuleAsync("shapes", Shapes);
        await v.CreateTableAsync("k");
        string Index(string values, bool keepOld) =>
            $"builder_type: IndexBuilder\nchanged_columns: [label]\nprimary_key: [label]\nkeep_old: {(keepOld ? "true" : "false")}\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: [{values}]\n";
        const string Shout = "builder_type: ColumnBuilder\nchanged_columns: [pct, shout]\ncode_module: shapes\nfunction: Split\narguments:\n  score: 1\n  label: <<self.label>>\nreturn_type: row-wise\n";
        await v.CreateInstanceAsync("k");
        await v.CreateBuilderFileAsync("k", "k_index", text: Index("a, b", keepOld: true));
        await v.CreateBuilderFileAsync("k", "shout", text: Shout);
        await v.ExecuteInstanceAsync("k");
        await v.CreateInstanceAsync("k", copy: true);
        await v.CreateBuilderFileAsync("k", "k_index", text: Index("b, c", keepOld: true));
        await v.ExecuteInstanceAsync("k");
        var (kept, _) = await v.GetDataFrameAsync("k");
        Assert.Equal(["b", "c", "a"], VaultFlowTests.Strings(kept, "label"));
        Assert.Equal(["B", "C", "A"], VaultFlowTests.Strings(kept, "shout"));
        await v.CreateInstanceAsync("k", copy: true);
        await v.CreateBuilderFileAsync("k", "k_index", text: Index("b, c", keepOld: false));
        await v.ExecuteInstanceAsync("k");
        var (dropped, _) = await v.GetDataFrameAsync("k");
        Assert.Equal(["b", "c"], VaultFlowTests.Strings(dropped, "label"));
    }

    [Fact]
    public async Task Templates_parse_and_execute_as_they_are()
    {
        await using var tv = await TempVault.CreateAsync();
        await tv.Vault.CreateTableAsync("t");
        await tv.Vault.CreateInstanceAsync("t", builders: ["extra"]);
        Assert.Equal(["extra", "t_index"], await tv.Vault.GetBuildersListAsync("t"));
        await tv.Vault.ExecuteInstanceAsync("t");
        var (data, id) = await tv.Vault.GetDataFrameAsync("t");
        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(i => (long)data[i, "id"]!));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(8, ((string)data[i, "extra_value"]!).Length));
        Assert.Contains("builtin_random", await tv.Vault.GetBuilderStrAsync("t", "extra", instanceId: id, isTemp: false), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_that_match_no_parameter_or_miss_one_are_errors_naming_the_builder_file_and_line()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateCodeModuleAsync("shapes", Shapes);
        await v.CreateTableAsync("t");
        await v.CreateInstanceAsync("t");
        await v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [id]\ncode_module: shapes\nfunction: Records\narguments:\n  n: 2\n  extra: 1\n");
        var extra = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("t_index.yaml:7: argument 'extra'", extra.Message, StringComparison.Ordinal);
        await v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [id]\ncode_module: shapes\nfunction: Records\n");
        var missing = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("needs an argument 'n'", missing.Message, StringComparison.Ordinal);
        await v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [id]\ncode_module: shapes\nfunction: Nope\n");
        var nofn = await Assert.ThrowsAsync<StrataNotFoundException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("t_index.yaml:1", nofn.Message, StringComparison.Ordinal);
        await v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [id, label]\ncode_module: shapes\nfunction: Records\narguments:\n  n: 2\n");
        var shape = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("matched to changed_columns by position", shape.Message, StringComparison.Ordinal);
        Assert.Empty(await v.GetActiveProcessesAsync());
    }
}
