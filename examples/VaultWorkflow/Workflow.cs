using System.Globalization;
using Strata.Data;
using Strata.Vault;

namespace Strata.Examples.VaultWorkflow;

/// <summary>The example's two parts: TableVault's Basic Workflow, and a three-table pipeline with artifacts.</summary>
public static class Workflow
{
    /// <summary>Runs both parts in a new vault at <paramref name="folder"/>, printing what happens; returns the exit code (0).</summary>
    public static async Task<int> RunAsync(string folder, TextWriter output)
    {
        await using var vault = await Vault.Vault.OpenAsync(folder, new VaultOptions { Create = true, Author = "example", Description = "Strata vault example" });
        output.WriteLine($"vault: {vault.Location}");
        await vault.CreateCodeModuleAsync("workflow", Sources.Module);
        output.WriteLine($"code modules: {string.Join(", ", await vault.GetCodeModulesListAsync())}");
        await BasicWorkflowAsync(vault, output);
        await PipelineAsync(vault, folder, output);
        output.WriteLine("done");
        return 0;
    }

    /// <summary>
    /// TableVault's Basic Workflow: a table, an instance with an index builder and a column builder, execute, read;
    /// a second instance copying the first, one builder changed, re-execute (only that column is recomputed), read.
    /// </summary>
    private static async Task BasicWorkflowAsync(Vault.Vault vault, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== Basic workflow ==");
        await vault.CreateTableAsync("numbers", description: "the numbers 1 to 5 and a power of each");
        await vault.CreateInstanceAsync("numbers", builders: ["power", "label"], description: "first instance");
        await vault.CreateBuilderFileAsync("numbers", "numbers_index", text: Sources.NumbersIndex(5));
        await vault.CreateBuilderFileAsync("numbers", "power", text: Sources.Power(2));
        await vault.CreateBuilderFileAsync("numbers", "label", text: Sources.Label);
        output.WriteLine($"draft builders: {string.Join(", ", await vault.GetBuildersListAsync("numbers"))}");
        var first = await vault.ExecuteInstanceAsync("numbers");
        await PrintAsync(vault, output, "numbers", first);

        await vault.CreateInstanceAsync("numbers", copy: true, description: "cubes instead of squares");
        await vault.CreateBuilderFileAsync("numbers", "power", text: Sources.Power(3));
        var second = await vault.ExecuteInstanceAsync("numbers");
        var (before, firstId) = await vault.GetDataFrameAsync("numbers", instanceId: (await vault.GetTableInstancesAsync("numbers"))[0]);
        var (after, secondId) = await PrintAsync(vault, output, "numbers", second);
        Check(Column(before, "label").SequenceEqual(Column(after, "label")), "the unchanged label builder kept its values");
        Check(Column(after, "power").SequenceEqual(["1", "8", "27", "64", "125"]), "power holds the cubes");
        output.WriteLine($"instances of 'numbers': {string.Join(", ", await vault.GetTableInstancesAsync("numbers"))}");
        output.WriteLine($"{secondId} was built from {firstId}: only 'power' was recomputed, 'label' and the index were reused");
    }

    /// <summary>Text files → chunks (each written to an artifact file) → words and characters per chunk, in parallel.</summary>
    private static async Task PipelineAsync(Vault.Vault vault, string folder, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== Three-table pipeline ==");
        var texts = Path.Combine(Path.GetTempPath(), "strata-vault-texts-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(texts);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(texts, "lake.txt"), "A lake holds tables. Every change is a version. Old versions stay readable.");
            await File.WriteAllTextAsync(Path.Combine(texts, "vault.txt"), "A vault builds tables from builder files. Builders call C# code. Unchanged builders are reused.");
            await File.WriteAllTextAsync(Path.Combine(texts, "notes.txt"), "Artifacts are files next to the rows. Their paths are relative to the artifact folder.");
            output.WriteLine($"input folder: {texts} ({Directory.GetFiles(texts).Length} text files)");

            await vault.CreateTableAsync("documents", description: "the text files of a folder");
            await vault.CreateTableAsync("chunks", description: "one row per sentence; its text also in an artifact file");
            await vault.CreateTableAsync("stats", description: "words and characters per chunk");

            await vault.CreateInstanceAsync("documents");
            await vault.CreateBuilderFileAsync("documents", "documents_index", text: Sources.FilesIndex(texts));
            await PrintAsync(vault, output, "documents", await vault.ExecuteInstanceAsync("documents"));

            await vault.CreateInstanceAsync("chunks");
            await vault.CreateBuilderFileAsync("chunks", "chunks_index", text: Sources.ChunksIndex);
            var (chunks, _) = await PrintAsync(vault, output, "chunks", await vault.ExecuteInstanceAsync("chunks"));
            var artifact = (string)chunks[0, "file"]!;
            Check(File.Exists(artifact) && await File.ReadAllTextAsync(artifact) == (string)chunks[0, "text"]!, "the first chunk's artifact file holds its text");
            output.WriteLine($"artifact folder of 'chunks': {await vault.GetArtifactFolderAsync("chunks", isTemp: false)}");

            await vault.CreateInstanceAsync("stats", builders: ["measure"]);
            await vault.CreateBuilderFileAsync("stats", "stats_index", text: Sources.StatsIndex);
            await vault.CreateBuilderFileAsync("stats", "measure", text: Sources.Measure);
            var (stats, _) = await PrintAsync(vault, output, "stats", await vault.ExecuteInstanceAsync("stats"));
            Check(stats.RowCount == chunks.RowCount, "stats has one row per chunk");

            // Nothing changed: copying and re-executing all three tables reuses everything.
            var calls = 0L;
            foreach (var t in new[] { "documents", "chunks", "stats" })
            {
                await vault.CreateInstanceAsync(t, copy: true);
                calls += (await vault.GetProcessAsync(await vault.ExecuteInstanceAsync(t))).BuilderCalls;
            }
            Check(calls == 0, "an unchanged re-execute makes no builder calls");
            output.WriteLine("re-executed all three tables unchanged: 0 builder calls, data files reused");
            output.WriteLine($"lake tables: {string.Join(", ", await vault.Lake.TableNamesAsync())}; vault at {folder}");
        }
        finally
        {
            Directory.Delete(texts, recursive: true);
        }
    }

    private static async Task<(RecordBatch Data, string InstanceId)> PrintAsync(Vault.Vault vault, TextWriter output, string table, string processId)
    {
        var process = await vault.GetProcessAsync(processId);
        var (data, id) = await vault.GetDataFrameAsync(table);
        output.WriteLine($"executed '{table}' as instance {id}: {data.RowCount} rows, {process.BuilderCalls} builder call(s)");
        output.WriteLine(data.ToText(8));
        return (data, id);
    }

    private static List<string> Column(RecordBatch batch, string name) =>
        Enumerable.Range(0, batch.RowCount).Select(i => Convert.ToString(batch[i, name], CultureInfo.InvariantCulture) ?? "").ToList();

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"the example expected that {what}, but it did not hold.");
    }
}
