using Strata.Examples.VaultWorkflow;
using StrataVault = Strata.Vault.Vault;

namespace Strata.Tests.Cli;

/// <summary>Runs examples/VaultWorkflow (its entry, in this process) and checks the vault it leaves behind.</summary>
public sealed class VaultExampleTests
{
    [Fact]
    public async Task Vault_workflow_example_runs_both_parts_and_exits_0()
    {
        var folder = Path.Combine(Path.GetTempPath(), "strata-tests", "vault-example-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            var code = await Workflow.RunAsync(folder, output);
            var text = output.ToString();
            Assert.Equal(0, code);
            Assert.Contains("== Basic workflow ==", text, StringComparison.Ordinal);
            Assert.Contains("only 'power' was recomputed", text, StringComparison.Ordinal);
            Assert.Contains("re-executed all three tables unchanged: 0 builder calls", text, StringComparison.Ordinal);
            Assert.EndsWith("done", text.TrimEnd(), StringComparison.Ordinal);

            await using var vault = await StrataVault.OpenAsync(folder);
            Assert.Equal(["chunks", "documents", "numbers", "stats"], await vault.GetTablesAsync());
            Assert.Equal(2, (await vault.GetTableInstancesAsync("numbers")).Count);
            var (numbers, _) = await vault.GetDataFrameAsync("numbers");
            Assert.Equal([1L, 8, 27, 64, 125], Enumerable.Range(0, numbers.RowCount).Select(i => (long)numbers[i, "power"]!));
            var (chunks, _) = await vault.GetDataFrameAsync("chunks");
            Assert.Equal(8, chunks.RowCount);
            for (var i = 0; i < chunks.RowCount; i++)
            {
                var file = (string)chunks[i, "file"]!;
                Assert.StartsWith(Path.GetFullPath(folder), file, StringComparison.Ordinal);
                Assert.Equal((string)chunks[i, "text"]!, await File.ReadAllTextAsync(file));
            }
            var (stats, _) = await vault.GetDataFrameAsync("stats");
            Assert.Equal(4L, stats[0, "words"]);
            Assert.Equal(19L, stats[0, "characters"]);
            Assert.Empty(await vault.GetActiveProcessesAsync());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
