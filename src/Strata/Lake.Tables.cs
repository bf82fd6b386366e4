using Strata.Catalog;
using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>Creates a table from data (its schema comes from the data).</summary>
    public Task<Table> CreateTableAsync(string name, RecordBatch data, CreateTableOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateTableAsync(name, [data], data.Schema, options, cancellationToken);

    /// <summary>Creates an empty table with a schema.</summary>
    public Task<Table> CreateTableAsync(string name, Schema schema, CreateTableOptions? options = null, CancellationToken cancellationToken = default) =>
        CreateTableAsync(name, [], schema, options, cancellationToken);

    /// <summary>Creates a table from records (schema inferred from <typeparamref name="T"/>).</summary>
    public Task<Table> CreateTableAsync<T>(string name, IEnumerable<T> records, CreateTableOptions? options = null, CancellationToken cancellationToken = default)
    {
        var batch = RecordBatch.FromRecords(records);
        return CreateTableAsync(name, [batch], batch.Schema, options, cancellationToken);
    }

    /// <summary>
    /// Creates a table from a stream of batches with the given schema (or the first batch's schema when null).
    /// With <see cref="CreateMode.Overwrite"/> an existing table gets the new content as a new version.
    /// </summary>
    /// <exception cref="StrataAlreadyExistsException">The table exists, mode is Create and ExistOk is false.</exception>
    public async Task<Table> CreateTableAsync(string name, IEnumerable<RecordBatch> data, Schema? schema, CreateTableOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CreateTableOptions();
        var tableName = TableName.Parse(name);
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        CheckNamespace(catalog, tableName);
        if (CatalogStore.Find(catalog, tableName) is { } existing)
        {
            if (options.Mode == CreateMode.Overwrite)
                return await OverwriteAsync(existing, data, schema, options, cancellationToken).ConfigureAwait(false);
            if (!options.ExistOk)
                throw new StrataAlreadyExistsException($"table '{tableName}' already exists; use mode overwrite, exist_ok, or another name.");
            var table = await OpenEntryAsync(existing, null, cancellationToken).ConfigureAwait(false);
            if (schema is not null && !SameColumns(schema, table.Schema))
                throw new StrataInvalidInputException($"table '{tableName}' exists with schema ({table.Schema}), not ({schema}).");
            return table;
        }

        IEnumerable<RecordBatch>? input;
        if (data is FileInput file)
        {
            // Not enumerated here: the writer may let the engine read the file itself.
            schema ??= file.Schema;
            input = file;
        }
        else
        {
            var enumerator = data.GetEnumerator();
            var first = enumerator.MoveNext() ? enumerator.Current : null;
            schema ??= first?.Schema ?? throw new StrataInvalidInputException("give data or a schema to create a table.");
            input = first is null ? null : Prepend(first, enumerator);
        }
        foreach (var f in schema.Fields) Names.ValidateColumn(f.Name);
        var entry = new CatalogEntry
        {
            Namespace = tableName.Namespace,
            Name = tableName.Name,
            TableId = Ids.NewTableId(),
            Kind = options.Kind,
            CreatedAt = DateTimeOffset.UtcNow,
            Description = options.Description,
            Properties = options.Properties,
        };
        var store = new ManifestStore(this, entry.TableId);
        var empty = ManifestFields.EmptyTable(entry, schema, Author, 0);
        var snap0 = new TableSnapshot(empty, store.Log.PathOf(0));
        var table0 = new Table(this, entry, store, snap0, readOnly: false);
        var manifest = empty with { Version = 1 };
        if (input is not null)
        {
            var tx = await table0.PlanAppendAsync(snap0, input, options.Write, "create", cancellationToken).ConfigureAwait(false);
            if (tx is not null) manifest = (await tx.BuildAsync(snap0, cancellationToken).ConfigureAwait(false)) with { Version = 1 };
        }
        manifest = manifest with { Operation = new OperationRecord("create"), Timestamp = DateTimeOffset.UtcNow };
        var snap = await store.CreateAsync(manifest, cancellationToken).ConfigureAwait(false);
        try
        {
            await Catalog.CommitAsync(new OperationRecord("create_table", new Dictionary<string, string> { ["name"] = tableName.ToString() }), c =>
            {
                if (CatalogStore.Find(c, tableName) is not null)
                    throw new StrataAlreadyExistsException($"table '{tableName}' was created by someone else meanwhile.");
                CheckNamespace(c, tableName);
                return c with { Tables = [.. c.Tables, entry] };
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DeleteTableFilesAsync(entry.TableId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new Table(this, entry, store, snap, readOnly: false);
    }

    private static IEnumerable<RecordBatch> Prepend(RecordBatch first, IEnumerator<RecordBatch> rest)
    {
        yield return first;
        while (rest.MoveNext()) yield return rest.Current;
    }

    private async Task<Table> OverwriteAsync(CatalogEntry existing, IEnumerable<RecordBatch> data, Schema? schema, CreateTableOptions options,
        CancellationToken ct)
    {
        var table = await OpenEntryAsync(existing, null, ct).ConfigureAwait(false);
        var read = await table.Store.ReadLatestAsync(ct).ConfigureAwait(false);
        var enumerator = data.GetEnumerator();
        var first = enumerator.MoveNext() ? enumerator.Current : null;
        schema ??= first?.Schema ?? throw new StrataInvalidInputException("give data or a schema to overwrite a table.");
        foreach (var f in schema.Fields) Names.ValidateColumn(f.Name);
        var m = read.Manifest;
        var fields = ManifestFields.FromSchema(schema, m.NextFieldId, m.Version + 1);
        var fresh = m with { Fields = fields, Fragments = [], NextFieldId = m.NextFieldId + fields.Count };
        var freshSnap = new TableSnapshot(fresh, table.Store.Log.PathOf(m.Version));
        var replacement = fresh;
        if (first is not null)
        {
            var append = await table.PlanAppendAsync(freshSnap, Prepend(first, enumerator), options.Write, "overwrite", ct).ConfigureAwait(false);
            if (append is not null) replacement = await append.BuildAsync(freshSnap, ct).ConfigureAwait(false);
        }
        var tx = new FragmentEditTransaction(this, table.Store, new OperationRecord("overwrite"))
        {
            ReadVersion = read.Version,
            Read = read,
            RequireNoConcurrentCommit = true,
            ReplaceWith = replacement with { Description = options.Description ?? m.Description },
            NewProperties = options.Properties,
        };
        await table.CommitAsync(tx, ct).ConfigureAwait(false);
        return table;
    }

    private static bool SameColumns(Schema a, Schema b) =>
        a.Count == b.Count && a.Fields.All(f => b.Contains(f.Name) && b[f.Name].Type == f.Type);

    /// <summary>Opens a table at its newest version, or read-only at <paramref name="version"/> (time travel).</summary>
    /// <exception cref="StrataNotFoundException">No such table or version.</exception>
    public async Task<Table> OpenTableAsync(string name, long? version = null, CancellationToken cancellationToken = default)
    {
        var tableName = TableName.Parse(name);
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var entry = CatalogStore.Find(catalog, tableName)
            ?? throw new StrataNotFoundException($"table '{tableName}' does not exist in {Location}; list tables with 'strata tables'.");
        return await OpenEntryAsync(entry, version, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<Table> OpenEntryAsync(CatalogEntry entry, long? version, CancellationToken ct)
    {
        var store = new ManifestStore(this, entry.TableId);
        var snap = version is { } v
            ? await store.ReadAsync(v, ct).ConfigureAwait(false)
            : await store.ReadLatestAsync(ct).ConfigureAwait(false);
        return new Table(this, entry, store, snap, readOnly: version is not null);
    }

    /// <summary>True when a table of that name exists.</summary>
    public async Task<bool> TableExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        return CatalogStore.Find(catalog, TableName.Parse(name)) is not null;
    }

    /// <summary>Table names (qualified), sorted, one page at a time (Geneva's <c>table_names(page_token, limit)</c>).</summary>
    public async Task<TablePage> ListTablesAsync(string? pageToken = null, int limit = 100, string? inNamespace = null,
        CancellationToken cancellationToken = default)
    {
        if (limit < 1) throw new StrataInvalidInputException("limit must be at least 1.");
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var prefix = inNamespace is null ? null : ParseNamespace(inNamespace);
        var names = catalog.Tables
            .Where(t => !IsSystem(t))
            .Where(t => prefix is null || t.Namespace.SequenceEqual(prefix, StringComparer.OrdinalIgnoreCase))
            .Select(t => t.QualifiedName)
            .Order(StringComparer.Ordinal)
            .Where(n => pageToken is null || string.CompareOrdinal(n, pageToken) > 0)
            .Take(limit + 1)
            .ToList();
        var more = names.Count > limit;
        if (more) names.RemoveAt(limit);
        return new TablePage(names, more ? names[^1] : null);
    }

    /// <summary>Every table name (qualified), sorted.</summary>
    public async Task<IReadOnlyList<string>> TableNamesAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        return catalog.Tables.Where(t => !IsSystem(t)).Select(t => t.QualifiedName).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Drops a table: removes it from the catalog, then deletes its files.</summary>
    /// <exception cref="StrataNotFoundException">No such table (unless <paramref name="ignoreMissing"/>).</exception>
    public async Task DropTableAsync(string name, bool ignoreMissing = false, CancellationToken cancellationToken = default)
    {
        var tableName = TableName.Parse(name);
        CatalogEntry? dropped = null;
        try
        {
            await Catalog.CommitAsync(new OperationRecord("drop_table", new Dictionary<string, string> { ["name"] = tableName.ToString() }), c =>
            {
                dropped = CatalogStore.Find(c, tableName)
                    ?? throw new StrataNotFoundException($"table '{tableName}' does not exist.");
                return c with { Tables = c.Tables.Where(t => t != dropped).ToList() };
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StrataNotFoundException) when (ignoreMissing)
        {
            return;
        }
        await DeleteTableFilesAsync(dropped!.TableId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames a table (one catalog commit; no data moves).</summary>
    public async Task RenameTableAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        var from = TableName.Parse(name);
        var to = TableName.Parse(newName);
        await Catalog.CommitAsync(new OperationRecord("rename_table", new Dictionary<string, string> { ["from"] = from.ToString(), ["to"] = to.ToString() }), c =>
        {
            var entry = CatalogStore.Find(c, from) ?? throw new StrataNotFoundException($"table '{from}' does not exist.");
            if (CatalogStore.Find(c, to) is not null) throw new StrataAlreadyExistsException($"table '{to}' already exists.");
            CheckNamespace(c, to);
            return c with { Tables = c.Tables.Select(t => t == entry ? t with { Namespace = to.Namespace, Name = to.Name } : t).ToList() };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a namespace (dotted path, e.g. <c>workspace</c> or <c>team.project</c>); parents must exist.</summary>
    public async Task CreateNamespaceAsync(string name, bool existOk = false, CancellationToken cancellationToken = default)
    {
        var path = ParseNamespace(name);
        await Catalog.CommitAsync(new OperationRecord("create_namespace", new Dictionary<string, string> { ["name"] = name }), c =>
        {
            if (c.Namespaces.Any(n => n.SequenceEqual(path, StringComparer.OrdinalIgnoreCase)))
                return existOk ? c : throw new StrataAlreadyExistsException($"namespace '{name}' already exists.");
            if (path.Count > 1 && !c.Namespaces.Any(n => n.SequenceEqual(path.Take(path.Count - 1), StringComparer.OrdinalIgnoreCase)))
                throw new StrataNotFoundException($"namespace '{string.Join('.', path.Take(path.Count - 1))}' does not exist; create it first.");
            return c with { Namespaces = [.. c.Namespaces, path] };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All namespaces (dotted), sorted.</summary>
    public async Task<IReadOnlyList<string>> ListNamespacesAsync(CancellationToken cancellationToken = default)
    {
        var catalog = await Catalog.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        return catalog.Namespaces.Where(n => !IsSystem(n)).Select(n => string.Join('.', n)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Drops an empty namespace.</summary>
    public async Task DropNamespaceAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ParseNamespace(name);
        await Catalog.CommitAsync(new OperationRecord("drop_namespace", new Dictionary<string, string> { ["name"] = name }), c =>
        {
            if (!c.Namespaces.Any(n => n.SequenceEqual(path, StringComparer.OrdinalIgnoreCase)))
                throw new StrataNotFoundException($"namespace '{name}' does not exist.");
            if (c.Tables.Any(t => t.Namespace.Take(path.Count).SequenceEqual(path, StringComparer.OrdinalIgnoreCase) && t.Namespace.Count >= path.Count)
                || c.Namespaces.Any(n => n.Count > path.Count && n.Take(path.Count).SequenceEqual(path, StringComparer.OrdinalIgnoreCase)))
                throw new StrataInvalidInputException($"namespace '{name}' is not empty; drop its tables first.");
            return c with { Namespaces = c.Namespaces.Where(n => !n.SequenceEqual(path, StringComparer.OrdinalIgnoreCase)).ToList() };
        }, cancellationToken).ConfigureAwait(false);
    }

    private static List<string> ParseNamespace(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new StrataInvalidInputException("namespace name is empty.");
        var parts = name.Split('.').ToList();
        foreach (var p in parts) Names.ValidateTable(p, "namespace");
        return parts;
    }

    private static void CheckNamespace(CatalogManifest catalog, TableName name)
    {
        if (name.Namespace.Count > 0 && !catalog.Namespaces.Any(n => n.SequenceEqual(name.Namespace, StringComparer.OrdinalIgnoreCase)))
            throw new StrataNotFoundException($"namespace '{string.Join('.', name.Namespace)}' does not exist; create it first.");
    }

    private async Task DeleteTableFilesAsync(string tableId, CancellationToken ct)
    {
        var files = new List<string>();
        await foreach (var e in Storage.ListAsync(FormatConstants.TableFolder(tableId), ct).ConfigureAwait(false)) files.Add(e.Path);
        // Data first, manifests last, so an interrupted drop never leaves a version pointing at missing data... of a table
        // that is no longer in the catalog anyway; lake-level cleanup removes whatever is left.
        foreach (var f in files.OrderBy(f => f.Contains("/v/", StringComparison.Ordinal) ? 1 : 0))
        {
            try { await Storage.DeleteAsync(f, ct).ConfigureAwait(false); }
            catch (IOException) { }
        }
    }
}
