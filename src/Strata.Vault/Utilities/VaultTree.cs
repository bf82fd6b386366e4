using Spectre.Console;
using Spectre.Console.Rendering;

namespace Strata.Vault.Utilities;

/// <summary>
/// A printable tree of a vault's layout (TableVault's <c>get_file_tree</c>): code modules, and per table (shown
/// by name) its drafts with their builder files, its instances and, on request, metadata records and artifact
/// folders. Lake internals (catalog, data files), processes and locks are not shown.
/// </summary>
public static class VaultTree
{
    private static readonly Style FolderStyle = new(decoration: Decoration.Bold);
    private static readonly Style NoteStyle = new(decoration: Decoration.Dim);

    /// <summary>Builds the tree of the vault at <paramref name="lake"/>, naming tables from its catalog.</summary>
    /// <exception cref="StrataNotFoundException">A table or instance named in <paramref name="options"/> does not exist.</exception>
    /// <exception cref="StrataInvalidInputException">The options are contradictory or name an invalid id.</exception>
    public static async Task<Tree> BuildAsync(Lake lake, VaultTreeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in await lake.TableNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            var table = await lake.OpenTableAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            names[table.Id] = name;
        }
        return Build(lake.Location, options, names);
    }

    /// <summary>Builds the tree of the vault in the lake folder <paramref name="lakeRoot"/>.</summary>
    /// <param name="lakeRoot">The lake (vault) folder.</param>
    /// <param name="options">What to show; defaults as in <see cref="VaultTreeOptions"/>.</param>
    /// <param name="tableNames">Table id → name, to label tables by name; a table missing from it is shown by id.</param>
    /// <exception cref="StrataNotFoundException">The folder, or a table or instance named in <paramref name="options"/>, does not exist.</exception>
    /// <exception cref="StrataInvalidInputException">The folder is not a lake, or the options are contradictory or name an invalid id.</exception>
    public static Tree Build(string lakeRoot, VaultTreeOptions? options = null, IReadOnlyDictionary<string, string>? tableNames = null)
    {
        options ??= new VaultTreeOptions();
        tableNames ??= new Dictionary<string, string>();
        var root = RequireLake(lakeRoot);
        var vault = Path.Combine(root, "vault");
        var tree = new Tree(new Text(Path.GetFileName(root), FolderStyle));

        var tablesDir = Path.Combine(vault, "tables");
        var tables = Children(tablesDir, directories: true)
            .Select(id => (Id: id, Name: tableNames.TryGetValue(id, out var n) ? n : null))
            .ToList();
        tables = FilterTables(tables, tablesDir, options, tableNames);

        if (options.CodeFiles && options.TableName is null && options.TableId is null && options.InstanceId is null
            && Directory.Exists(Path.Combine(vault, "modules")))
        {
            var modules = tree.AddNode(Folder("modules"));
            foreach (var file in Children(Path.Combine(vault, "modules"), directories: false).Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
                modules.AddNode(new Text(file));
        }
        if (!Directory.Exists(tablesDir)) return tree;
        var tablesNode = tree.AddNode(Folder("tables"));
        foreach (var (id, name) in tables.OrderBy(t => t.Name ?? t.Id, StringComparer.Ordinal))
            AddTable(tablesNode, Path.Combine(tablesDir, id), name is null ? new Text($"{id} (not in the catalog)", NoteStyle) : Folder(name), options);
        return tree;
    }

    private static List<(string Id, string? Name)> FilterTables(List<(string Id, string? Name)> tables, string tablesDir, VaultTreeOptions options,
        IReadOnlyDictionary<string, string> tableNames)
    {
        if (options.TableId is { } id)
        {
            RequireSegment(id, "table id");
            if (!tables.Any(t => t.Id == id))
                throw new StrataNotFoundException($"The vault has no table with id '{id}'. List the tables to find its id.");
            if (options.TableName is { } n && tableNames.GetValueOrDefault(id) != n)
                throw new StrataInvalidInputException($"TableName '{n}' and TableId '{id}' name different tables. Pass one of them.");
            tables = tables.Where(t => t.Id == id).ToList();
        }
        else if (options.TableName is { } name)
        {
            tables = tables.Where(t => t.Name == name).ToList();
            if (tables.Count == 0)
                throw new StrataNotFoundException($"The vault has no table named '{name}'. Check the name (names are case-sensitive).");
        }
        if (options.InstanceId is { } instance)
        {
            RequireSegment(instance, "instance id");
            tables = tables.Where(t => InstanceExists(t.Id, instance)).ToList();
            if (tables.Count == 0)
                throw new StrataNotFoundException($"The vault has no instance '{instance}'{(options.TableName ?? options.TableId) switch { null => "", var t => $" in table '{t}'" }}. List the table's instances to find its id.");
        }
        return tables;

        bool InstanceExists(string tableId, string instanceId) =>
            File.Exists(Path.Combine(tablesDir, tableId, "instances", instanceId + ".json"));
    }

    private static void AddTable(IHasTreeNodes parent, string dir, IRenderable label, VaultTreeOptions options)
    {
        var node = parent.AddNode(label);
        if (options.MetadataFiles && File.Exists(Path.Combine(dir, "table.json"))) node.AddNode(new Text("table.json"));

        var drafts = Path.Combine(dir, "drafts");
        if (options.InstanceId is null && Directory.Exists(drafts))
        {
            var draftsNode = node.AddNode(Folder("drafts"));
            foreach (var version in Children(drafts, directories: true))
            {
                var v = Path.Combine(drafts, version);
                var versionNode = draftsNode.AddNode(Folder(version));
                if (options.MetadataFiles && File.Exists(Path.Combine(v, "draft.json"))) versionNode.AddNode(new Text("draft.json"));
                if (options.BuilderFiles && Directory.Exists(Path.Combine(v, "builders")))
                {
                    var builders = versionNode.AddNode(Folder("builders"));
                    foreach (var file in Children(Path.Combine(v, "builders"), directories: false).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)))
                        builders.AddNode(new Text(file));
                }
                if (options.ArtifactFiles && Directory.Exists(Path.Combine(v, "artifacts")))
                    AddContents(versionNode.AddNode(Folder("artifacts")), Path.Combine(v, "artifacts"));
            }
        }

        var instances = Path.Combine(dir, "instances");
        if (Directory.Exists(instances))
        {
            var instancesNode = node.AddNode(Folder("instances"));
            foreach (var file in Children(instances, directories: false).Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
            {
                var id = file[..^".json".Length];
                if (options.InstanceId is { } only && only != id) continue;
                instancesNode.AddNode(new Text(options.MetadataFiles ? file : id));
            }
        }

        var artifacts = Path.Combine(dir, "artifacts");
        if (options.ArtifactFiles && Directory.Exists(artifacts))
        {
            var artifactsNode = node.AddNode(Folder("artifacts"));
            foreach (var folder in Children(artifacts, directories: true))
            {
                if (options.InstanceId is { } only && only != folder) continue;
                AddContents(artifactsNode.AddNode(Folder(folder)), Path.Combine(artifacts, folder));
            }
        }
    }

    /// <summary>Every folder and file under <paramref name="dir"/>; links are shown, never followed.</summary>
    private static void AddContents(IHasTreeNodes parent, string dir)
    {
        foreach (var item in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (item.LinkTarget is not null)
                parent.AddNode(new Text($"{item.Name} -> {item.LinkTarget} (link, not followed)", NoteStyle));
            else if (item is DirectoryInfo sub)
                AddContents(parent.AddNode(Folder(item.Name)), sub.FullName);
            else
                parent.AddNode(new Text(item.Name));
        }
    }

    /// <summary>The names of the real (non-link) folders or files directly in <paramref name="dir"/>, ordinal order.</summary>
    private static IEnumerable<string> Children(string dir, bool directories)
    {
        if (!Directory.Exists(dir)) return [];
        return new DirectoryInfo(dir).EnumerateFileSystemInfos()
            .Where(i => i.LinkTarget is null && (i is DirectoryInfo) == directories)
            .Select(i => i.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string RequireLake(string lakeRoot)
    {
        if (string.IsNullOrWhiteSpace(lakeRoot))
            throw new StrataInvalidInputException("The lake folder must not be empty. Pass the vault's folder.");
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(lakeRoot));
        if (!Directory.Exists(root))
            throw new StrataNotFoundException($"The vault folder '{root}' does not exist. Check the path.");
        if (!File.Exists(Path.Combine(root, VaultFiles.LakeMarkerFile)))
            throw new StrataInvalidInputException($"'{root}' is not a Strata lake (no {VaultFiles.LakeMarkerFile}). Pass a vault's folder.");
        return root;
    }

    // Ids become path segments: allow only the characters vault ids are made of, never '.' or '..'.
    private static void RequireSegment(string value, string what)
    {
        if (value.Length is 0 or > 200 || value is "." or ".." || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new StrataInvalidInputException($"'{value}' is not a valid {what} (letters, digits, '.', '_' or '-' only). Pass an id as listed by the vault.");
    }

    private static Text Folder(string name) => new(name, FolderStyle);
}
