using Spectre.Console;
using Spectre.Console.Rendering;
using Strata.Tests.TestSupport;
using Strata.Vault.Utilities;

namespace Strata.Tests.Vault;

/// <summary>VaultTree over a real lake whose vault layout is laid out on disk as the core writes it.</summary>
public sealed class VaultTreeTests : IAsyncLifetime
{
    private const string Instance1 = "base_20261207120000000_0a1b2c3d";
    private const string Instance2 = "base_20261207130000000_4e5f6a7b";
    private string _root = "";
    private string _docsId = "";
    private string _chunksId = "";

    public async Task InitializeAsync()
    {
        _root = TempLake.NewFolder();
        await using (var lake = await Lake.CreateAsync(_root, new LakeOptions { Author = "tests" }))
        {
            _docsId = (await lake.CreateTableAsync("docs", new Strata.Data.Schema())).Id;
            _chunksId = (await lake.CreateTableAsync("chunks", new Strata.Data.Schema())).Id;
        }
        Write("vault/modules/cleaner.cs", "public static class Cleaner {}");
        Write("vault/modules/notes.txt", "not a module");
        foreach (var (id, table) in new[] { (_docsId, "docs"), (_chunksId, "chunks") })
        {
            Write($"vault/tables/{id}/table.json", "{}");
            Write($"vault/tables/{id}/drafts/base/draft.json", "{}");
            Write($"vault/tables/{id}/drafts/base/builders/{table}_index.yaml", "builder_type: IndexBuilder");
            Write($"vault/tables/{id}/drafts/base/artifacts/scratch.txt", "draft artifact");
        }
        Write($"vault/tables/{_docsId}/drafts/v2/builders/docs_index.yaml", "builder_type: IndexBuilder");
        Write($"vault/tables/{_docsId}/drafts/v2/builders/summary.yaml", "builder_type: ColumnBuilder");
        Write($"vault/tables/{_docsId}/instances/{Instance1}.json", "{}");
        Write($"vault/tables/{_docsId}/instances/{Instance2}.json", "{}");
        Write($"vault/tables/{_docsId}/artifacts/{Instance1}/page-1.txt", "a");
        Write($"vault/tables/{_docsId}/artifacts/{Instance2}/sub/page-2.txt", "b");
        Write($"vault/tables/{_chunksId}/artifacts/current/chunk-0.bin", "c");
        Write("vault/tables/deadbeef/table.json", "{}"); // a deleted table: metadata stays, the catalog forgot it
        Write("vault/processes/p1/process.json", "{}");
        Write("vault/locks/locks.json", "{}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Default_options_show_code_and_builders_with_tables_by_name()
    {
        var text = await RenderAsync(new VaultTreeOptions());
        foreach (var expected in new[] { "modules", "cleaner.cs", "tables", "docs", "chunks", "drafts", "base", "v2", "builders",
                     "docs_index.yaml", "summary.yaml", "chunks_index.yaml", "instances", Instance1, Instance2, "deadbeef (not in the catalog)" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        foreach (var absent in new[] { "notes.txt", "table.json", "draft.json", ".json", "artifacts", "page-1.txt", "processes", "locks", _docsId, "_strata_lake" })
            Assert.DoesNotContain(absent, text, StringComparison.Ordinal);
        // Structure: summary.yaml sits under docs/drafts/v2/builders, and chunks comes before docs (ordered by name).
        var lines = text.Split('\n');
        Assert.True(Line(lines, "chunks") < Line(lines, "docs"));
        Assert.True(Line(lines, "v2") < Line(lines, "summary.yaml"));
        Assert.True(Indent(lines[Line(lines, "summary.yaml")]) > Indent(lines[Line(lines, "v2")]));
        Assert.True(Indent(lines[Line(lines, "v2")]) > Indent(lines[Line(lines, "docs")]));
    }

    [Fact]
    public async Task Options_turn_code_builders_metadata_and_artifacts_on_and_off()
    {
        var bare = await RenderAsync(new VaultTreeOptions { CodeFiles = false, BuilderFiles = false });
        Assert.DoesNotContain("cleaner.cs", bare, StringComparison.Ordinal);
        Assert.DoesNotContain(".yaml", bare, StringComparison.Ordinal);
        Assert.Contains(Instance1, bare, StringComparison.Ordinal);

        var meta = await RenderAsync(new VaultTreeOptions { MetadataFiles = true });
        Assert.Contains("table.json", meta, StringComparison.Ordinal);
        Assert.Contains("draft.json", meta, StringComparison.Ordinal);
        Assert.Contains(Instance1 + ".json", meta, StringComparison.Ordinal);

        var art = await RenderAsync(new VaultTreeOptions { ArtifactFiles = true });
        foreach (var expected in new[] { "artifacts", "scratch.txt", "page-1.txt", "sub", "page-2.txt", "current", "chunk-0.bin" })
            Assert.Contains(expected, art, StringComparison.Ordinal);
        Assert.DoesNotContain("table.json", art, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_and_instance_filters_show_part_of_the_tree()
    {
        var docs = await RenderAsync(new VaultTreeOptions { TableName = "docs" });
        Assert.Contains("summary.yaml", docs, StringComparison.Ordinal);
        Assert.DoesNotContain("chunks", docs, StringComparison.Ordinal);
        Assert.DoesNotContain("cleaner.cs", docs, StringComparison.Ordinal);
        Assert.DoesNotContain("deadbeef", docs, StringComparison.Ordinal);
        Assert.Equal(docs, Render(VaultTree.Build(_root, new VaultTreeOptions { TableId = _docsId }, Names())));

        var one = await RenderAsync(new VaultTreeOptions { InstanceId = Instance2, ArtifactFiles = true });
        Assert.Contains(Instance2, one, StringComparison.Ordinal);
        Assert.Contains("page-2.txt", one, StringComparison.Ordinal);
        Assert.DoesNotContain(Instance1, one, StringComparison.Ordinal);
        Assert.DoesNotContain("page-1.txt", one, StringComparison.Ordinal);
        Assert.DoesNotContain("drafts", one, StringComparison.Ordinal);
        Assert.DoesNotContain("chunks", one, StringComparison.Ordinal);

        // Without names every table is shown by id.
        var byId = Render(VaultTree.Build(_root));
        Assert.Contains($"{_docsId} (not in the catalog)", byId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_filters_and_folders_are_typed_errors()
    {
        await using var lake = await Lake.OpenAsync(_root);
        await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { TableName = "nope" }));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { TableId = "abc123" }));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { TableName = "chunks", InstanceId = Instance1 }));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { TableId = ".." }));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { InstanceId = "../../x" }));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => VaultTree.BuildAsync(lake, new VaultTreeOptions { TableName = "docs", TableId = _chunksId }));
        Assert.Throws<StrataNotFoundException>(() => VaultTree.Build(Path.Combine(_root, "missing")));
        Assert.Throws<StrataInvalidInputException>(() => VaultTree.Build(Path.Combine(_root, "vault")));
    }

    [Fact]
    public void Artifact_links_are_shown_but_not_followed_and_names_are_not_markup()
    {
        var outside = Path.Combine(_root, "..", Path.GetFileName(_root) + "-outside");
        Directory.CreateDirectory(outside);
        try
        {
            File.WriteAllText(Path.Combine(outside, "secret.txt"), "x");
            Directory.CreateSymbolicLink(Path.Combine(_root, "vault", "tables", _chunksId, "artifacts", "current", "escape"), outside);
            Write($"vault/tables/{_chunksId}/artifacts/current/[red]odd[bold].txt", "markup-looking name");
            var text = Render(VaultTree.Build(_root, new VaultTreeOptions { ArtifactFiles = true }));
            Assert.Contains("escape -> ", text, StringComparison.Ordinal);
            Assert.Contains("(link, not followed)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.txt", text, StringComparison.Ordinal);
            Assert.Contains("[red]odd[bold].txt", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private async Task<string> RenderAsync(VaultTreeOptions options)
    {
        await using var lake = await Lake.OpenAsync(_root);
        return Render(await VaultTree.BuildAsync(lake, options));
    }

    private Dictionary<string, string> Names() => new() { [_docsId] = "docs", [_chunksId] = "chunks" };

    private static string Render(IRenderable tree)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 250;
        console.Write(tree);
        return writer.ToString();
    }

    private static int Line(string[] lines, string text) =>
        Array.FindIndex(lines, l => l.TrimEnd().EndsWith(" " + text, StringComparison.Ordinal));

    private static int Indent(string line) => line.TakeWhile(c => !char.IsAsciiLetterOrDigit(c)).Count();

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
