using Strata.Compilation;
using Strata.Data;
using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>Tables, external writes, reads, deletes, flags and typed errors.</summary>
public sealed class VaultInstanceTests
{
    [Fact]
    public async Task Written_instance_reads_back_with_its_id_and_deletes_keep_metadata()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateTableAsync("people", description: "who");
        await v.CreateInstanceAsync("people", externalEdit: true);
        var data = RecordBatch.FromArrays(("id", new long[] { 1, 2, 3 }), ("name", new[] { "ada", "bob", "cy" }));
        await v.WriteInstanceAsync(data, "people", dtypes: new Dictionary<string, string> { ["id"] = "Int32" });
        var (read, id) = await v.GetDataFrameAsync("people");
        Assert.Equal(3, read.RowCount);
        Assert.Equal(DataType.Int32, read.Schema["id"].Type);
        Assert.Equal("bob", read[1, "name"]);
        Assert.Equal([id], await v.GetTableInstancesAsync("people"));
        Assert.Equal(["people"], await v.GetTableInstancesAsync(""));
        Assert.Equal("who", (await v.GetDescriptionsAsync(table: "people"))["description"]);
        var (two, _) = await v.GetDataFrameAsync("people", rows: 2);
        Assert.Equal(2, two.RowCount);

        await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.WriteInstanceAsync(RecordBatch.FromArrays(("id", Array.Empty<long>())), "people"));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => v.WriteInstanceAsync(data, "people")); // the draft was consumed

        await v.DeleteInstanceAsync(id, "people");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => v.GetDataFrameAsync("people", instanceId: id));
        Assert.Empty(await v.GetTableInstancesAsync("people"));
        Assert.Equal(id, (await v.GetDescriptionsAsync(id, "people"))["instance"]); // metadata stays
        await v.DeleteTableAsync("people");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => v.GetDataFrameAsync("people"));
        Assert.Empty(await v.GetTableInstancesAsync(""));
    }

    [Fact]
    public async Task Has_side_effects_makes_older_instances_inactive_and_multiple_artifacts_keeps_folders()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateTableAsync("calls", allowMultipleArtifacts: true, hasSideEffects: true);
        var ids = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            await v.CreateInstanceAsync("calls", externalEdit: true);
            var folder = await v.GetArtifactFolderAsync("calls");
            await File.WriteAllTextAsync(Path.Combine(folder, $"r{round}.txt"), $"round {round}");
            await v.WriteInstanceAsync(RecordBatch.FromArrays(("n", new long[] { round }), ("file", new[] { $"r{round}.txt" })), "calls",
                dtypes: new Dictionary<string, string> { ["file"] = "artifact_string" });
            ids.Add((await v.GetDataFrameAsync("calls")).InstanceId);
        }
        var (latest, latestId) = await v.GetDataFrameAsync("calls");
        Assert.Equal(ids[1], latestId);
        Assert.Equal("round 1", await File.ReadAllTextAsync((string)latest[0, "file"]!));
        var (first, _) = await v.GetDataFrameAsync("calls", instanceId: ids[0]);
        Assert.Equal("round 0", await File.ReadAllTextAsync((string)first[0, "file"]!)); // its own folder survived
        Assert.NotEqual(await v.GetArtifactFolderAsync("calls", ids[0], isTemp: false), await v.GetArtifactFolderAsync("calls", ids[1], isTemp: false));
        // the first instance became inactive when the second materialized
        await v.DeleteInstanceAsync(ids[1], "calls");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => v.GetDataFrameAsync("calls"));
        var (inactive, inactiveId) = await v.GetDataFrameAsync("calls", activeOnly: false);
        Assert.Equal(ids[0], inactiveId);
        Assert.Equal(1, inactive.RowCount);
    }

    [Fact]
    public async Task Artifacts_that_are_missing_or_escape_the_folder_are_refused_and_change_nothing()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        await v.CreateTableAsync("art");
        await v.CreateInstanceAsync("art", externalEdit: true);
        var before = tv.Snapshot();
        var types = new Dictionary<string, string> { ["file"] = "artifact_string" };
        var missing = await Assert.ThrowsAsync<StrataNotFoundException>(() =>
            v.WriteInstanceAsync(RecordBatch.FromArrays(("file", new[] { "nope.txt" })), "art", dtypes: types));
        Assert.Contains("nope.txt", missing.Message, StringComparison.Ordinal);
        var escaping = await Assert.ThrowsAsync<StrataInvalidInputException>(() =>
            v.WriteInstanceAsync(RecordBatch.FromArrays(("file", new[] { "../../outside.txt" })), "art", dtypes: types));
        Assert.Contains("leaves the artifact folder", escaping.Message, StringComparison.Ordinal);
        Assert.Equal(before, tv.Snapshot());
        Assert.Empty(await v.GetActiveProcessesAsync());
    }

    [Fact]
    public async Task Bad_names_yaml_references_cycles_and_compile_errors_are_typed_errors_with_file_and_line()
    {
        await using var tv = await TempVault.CreateAsync();
        var v = tv.Vault;
        foreach (var bad in new[] { "", "../x", "a/b", "__system", ".hidden", "a.b" })
            await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.CreateTableAsync(bad));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.CreateCodeModuleAsync("../evil", "public static class X {}"));
        var compile = await Assert.ThrowsAsync<CompilationFailedException>(() => v.CreateCodeModuleAsync("broken", "public static class B {\n  public static int F() => \"x\";\n}"));
        Assert.Contains("vault/modules/broken.cs(2", compile.Message, StringComparison.Ordinal);
        Assert.Empty(await v.GetCodeModulesListAsync());

        await v.CreateTableAsync("t");
        await v.CreateInstanceAsync("t");
        var yaml = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [a\n"));
        Assert.Matches(@"t_index\.yaml:\d+", yaml.Message);
        var unknown = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.CreateBuilderFileAsync("t", "t_index",
            text: "builder_type: IndexBuilder\nchanged_columns: [a]\ncode_module: builtin_rows\nfunction: rows\nbogus: 1\n"));
        Assert.Contains("t_index.yaml:5: unknown field 'bogus'", unknown.Message, StringComparison.Ordinal);
        var reference = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.CreateBuilderFileAsync("t", "t_index",
            text: "builder_type: IndexBuilder\nchanged_columns: [a]\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: <<other.>>\n"));
        Assert.Contains("t_index.yaml:6", reference.Message, StringComparison.Ordinal);

        await v.CreateBuilderFileAsync("t", "t_index", text: "builder_type: IndexBuilder\nchanged_columns: [a]\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: [x, y]\n");
        await v.CreateBuilderFileAsync("t", "b1", text: "builder_type: ColumnBuilder\nchanged_columns: [b]\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: <<self.c>>\n");
        await v.CreateBuilderFileAsync("t", "c1", text: "builder_type: ColumnBuilder\nchanged_columns: [c]\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: <<self.b>>\n");
        var before = tv.Snapshot();
        var cycle = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("cycle", cycle.Message, StringComparison.Ordinal);
        Assert.Matches(@"\.yaml:\d+", cycle.Message);
        await v.DeleteBuilderFileAsync("c1", "t");
        var unknownColumn = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("b1.yaml:6", unknownColumn.Message, StringComparison.Ordinal);
        await v.DeleteBuilderFileAsync("b1", "t");
        await v.CreateBuilderFileAsync("t", "b2", text: "builder_type: ColumnBuilder\nchanged_columns: [b]\ncode_module: builtin_rows\nfunction: rows\narguments:\n  values: <<nosuch.col>>\n");
        var missingTable = await Assert.ThrowsAsync<StrataInvalidInputException>(() => v.ExecuteInstanceAsync("t"));
        Assert.Contains("b2.yaml:6", missingTable.Message, StringComparison.Ordinal);
        await v.DeleteBuilderFileAsync("b2", "t");
        await v.ExecuteInstanceAsync("t");
        var (rows, _) = await v.GetDataFrameAsync("t");
        Assert.Equal(["x", "y"], VaultFlowTests.Strings(rows, "a"));
        Assert.NotEqual(before, tv.Snapshot());
    }
}
