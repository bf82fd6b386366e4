using Strata.Data;
using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>The three-table flow and incremental re-execution (TableVault's own suite, ported with our own data).</summary>
public sealed class VaultFlowTests
{
    internal static async Task BuildPipelineAsync(TempVault tv)
    {
        var v = tv.Vault;
        var docs = Path.Combine(tv.Outside, "docs");
        Directory.CreateDirectory(docs);
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "the quick fox\njumps over\nthe lazy dog");
        await File.WriteAllTextAsync(Path.Combine(docs, "b.txt"), "hello world\nsecond line here");
        await v.CreateCodeModuleAsync("text", VaultModules.Text);
        await v.CreateTableAsync("docs", description: "input files");
        await v.CreateTableAsync("chunks", allowMultipleArtifacts: false);
        await v.CreateTableAsync("features");
        await v.CreateInstanceAsync("docs");
        await v.CreateBuilderFileAsync("docs", "docs_index", text: VaultModules.Docs(docs));
        await v.ExecuteInstanceAsync("docs");
        await v.CreateInstanceAsync("chunks");
        await v.CreateBuilderFileAsync("chunks", "chunks_index", text: VaultModules.ChunksIndex(tv.Counter));
        await v.ExecuteInstanceAsync("chunks");
        await v.CreateInstanceAsync("features");
        await v.CreateBuilderFileAsync("features", "features_index", text: VaultModules.FeaturesIndex(tv.Counter));
        await v.CreateBuilderFileAsync("features", "words", text: VaultModules.Words(tv.Counter));
        await v.CreateBuilderFileAsync("features", "upper", text: VaultModules.Upper(tv.Counter));
        await v.ExecuteInstanceAsync("features");
    }

    [Fact]
    public async Task Three_table_flow_builds_files_chunks_with_artifacts_and_parallel_row_wise_columns()
    {
        await using var tv = await TempVault.CreateAsync();
        await BuildPipelineAsync(tv);
        var (docs, _) = await tv.Vault.GetDataFrameAsync("docs");
        Assert.Equal(["a.txt", "b.txt"], Strings(docs, "name"));
        var (chunks, chunksId) = await tv.Vault.GetDataFrameAsync("chunks");
        Assert.Equal(5, chunks.RowCount);
        Assert.StartsWith("base_", chunksId, StringComparison.Ordinal);
        foreach (var (file, text) in Strings(chunks, "file").Zip(Strings(chunks, "text")))
        {
            Assert.True(Path.IsPathRooted(file));
            Assert.Equal(text, await File.ReadAllTextAsync(file));   // the artifact exists and holds the line
        }
        var (relative, _) = await tv.Vault.GetDataFrameAsync("chunks", fullArtifactPath: false);
        Assert.Equal("a-0.txt", relative[0, "file"]);
        var (features, _) = await tv.Vault.GetDataFrameAsync("features");
        Assert.Equal(5, features.RowCount);
        var words = ((PrimitiveColumn<long>)features.Column("words")).Values.ToArray();
        Assert.Equal([3L, 2, 3, 2, 3], words);
        Assert.Equal("THE QUICK FOX", features[0, "upper"]);
        Assert.Equal(5, tv.Calls("words"));
        Assert.Equal(5, tv.Calls("upper"));
        // the instance is a table version carrying the instance's id, process and lineage
        var table = await tv.Vault.Lake.OpenTableAsync("chunks");
        Assert.Equal(chunksId, table.Snapshot.Manifest.InstanceId);
        Assert.Equal("base", table.Snapshot.Manifest.NamedVersion);
        Assert.Contains(table.Snapshot.Manifest.Lineage, l => l.TableName == "docs");
        var tree = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(tree) });
        console.Write(await tv.Vault.GetFileTreeAsync());
        Assert.Contains("features", tree.ToString(), StringComparison.Ordinal);
        Assert.Contains(chunksId, tree.ToString(), StringComparison.Ordinal);
        var jobs = await tv.Vault.Lake.ListJobsAsync();
        Assert.Contains(jobs, j => j.Kind == "vault.execute_instance" && j.Table == "features" && j.Status == JobStatus.Done);
    }

    [Fact]
    public async Task Copy_and_re_execute_without_changes_gives_identical_data_without_builder_calls_or_new_files()
    {
        await using var tv = await TempVault.CreateAsync();
        await BuildPipelineAsync(tv);
        var (before, firstId) = await tv.Vault.GetDataFrameAsync("features");
        var firstFiles = (await tv.Vault.Lake.OpenTableAsync("features")).Snapshot.Manifest.Fragments.SelectMany(f => f.Files).Select(f => f.Path).ToList();
        tv.ResetCalls();
        foreach (var t in new[] { "docs", "chunks", "features" })
        {
            await tv.Vault.CreateInstanceAsync(t, copy: true);
            await tv.Vault.ExecuteInstanceAsync(t);
        }
        Assert.False(File.Exists(tv.Counter)); // not one builder call
        var (after, secondId) = await tv.Vault.GetDataFrameAsync("features");
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(before.ToText(100), after.ToText(100));
        var secondFiles = (await tv.Vault.Lake.OpenTableAsync("features")).Snapshot.Manifest.Fragments.SelectMany(f => f.Files).Select(f => f.Path).ToList();
        Assert.Equal(firstFiles, secondFiles); // the origin's data files are referenced, not rewritten
        Assert.Equal(2, (await tv.Vault.GetTableInstancesAsync("features")).Count);
    }

    [Fact]
    public async Task Changing_one_column_builder_recomputes_only_that_column()
    {
        await using var tv = await TempVault.CreateAsync();
        await BuildPipelineAsync(tv);
        var (before, _) = await tv.Vault.GetDataFrameAsync("features");
        tv.ResetCalls();
        await tv.Vault.CreateInstanceAsync("features", copy: true);
        await tv.Vault.CreateBuilderFileAsync("features", "upper", text: VaultModules.Upper(tv.Counter, "!"));
        await tv.Vault.ExecuteInstanceAsync("features");
        Assert.Equal(5, tv.Calls("upper"));
        Assert.Equal(0, tv.Calls("words"));
        Assert.Equal(0, tv.Calls("ids"));
        var (after, _) = await tv.Vault.GetDataFrameAsync("features");
        Assert.Equal("THE QUICK FOX!", after[0, "upper"]);
        Assert.Equal(before.Select("chunk_id", "words").ToText(100), after.Select("chunk_id", "words").ToText(100));
    }

    [Fact]
    public async Task Force_execute_upstream_recomputes_downstream()
    {
        await using var tv = await TempVault.CreateAsync();
        await BuildPipelineAsync(tv);
        tv.ResetCalls();
        await tv.Vault.CreateInstanceAsync("chunks", copy: true);
        await tv.Vault.ExecuteInstanceAsync("chunks", forceExecute: true);
        Assert.Equal(1, tv.Calls("chunks"));
        await tv.Vault.CreateInstanceAsync("features", copy: true);
        await tv.Vault.ExecuteInstanceAsync("features");
        Assert.Equal(1, tv.Calls("ids"));
        Assert.Equal(5, tv.Calls("words"));
        Assert.Equal(5, tv.Calls("upper"));
    }

    [Fact]
    public async Task New_upstream_rows_are_computed_alone()
    {
        await using var tv = await TempVault.CreateAsync();
        await BuildPipelineAsync(tv);
        tv.ResetCalls();
        await File.WriteAllTextAsync(Path.Combine(tv.Outside, "docs", "c.txt"), "one more line");
        foreach (var t in new[] { "docs", "chunks", "features" })
        {
            await tv.Vault.CreateInstanceAsync(t, copy: true);
            await tv.Vault.ExecuteInstanceAsync(t);
        }
        Assert.Equal(1, tv.Calls("words"));
        Assert.Equal(1, tv.Calls("upper"));
        var (features, _) = await tv.Vault.GetDataFrameAsync("features");
        Assert.Equal(6, features.RowCount);
        Assert.Contains("ONE MORE LINE", Strings(features, "upper"));
        Assert.DoesNotContain(null, Strings(features, "upper"));
    }

    internal static List<string> Strings(RecordBatch b, string column) =>
        Enumerable.Range(0, b.RowCount).Select(i => (string)b[i, column]!).ToList();
}
