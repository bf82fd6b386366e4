using Strata.Catalog;
using Strata.Data;
using Strata.Format;
using Strata.Tables;

namespace Strata;

public sealed partial class Lake
{
    /// <summary>
    /// The namespace of Strata's own tables (job records …). User names may not start with "__", so no
    /// user table or namespace can collide with it; SQL reads it as <c>__system.&lt;table&gt;</c>.
    /// </summary>
    internal const string SystemNamespace = "__system";

    /// <summary>True for a catalog entry of Strata's own tables (hidden from table listings).</summary>
    internal static bool IsSystem(CatalogEntry entry) =>
        entry.Namespace.Count > 0 && string.Equals(entry.Namespace[0], SystemNamespace, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the system namespace itself (hidden from namespace listings).</summary>
    internal static bool IsSystem(IReadOnlyList<string> ns) =>
        ns.Count > 0 && string.Equals(ns[0], SystemNamespace, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Opens the system table <c>__system.&lt;name&gt;</c>, creating the namespace and the (empty) table on
    /// first use. User-name validation is bypassed on purpose: the "__" prefix is what keeps these names
    /// out of users' way. Columns of <paramref name="schema"/> the table lacks (written by an older Strata)
    /// are added as nullable columns, so the format only ever grows.
    /// </summary>
    /// <remarks>
    /// Safe when several processes create the table at once: each writes its own table files under a new
    /// id and commits the catalog entry; the catalog commit rebases, so a loser sees the winner's entry,
    /// deletes its own files and opens the winner's table.
    /// </remarks>
    internal async Task<Table> SystemTableAsync(string name, Schema schema, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var tableName = new TableName([SystemNamespace], name);
        var catalog = await Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
        var table = CatalogStore.Find(catalog, tableName) is { } existing
            ? await OpenEntryAsync(existing, null, ct).ConfigureAwait(false)
            : await CreateSystemTableAsync(tableName, schema, ct).ConfigureAwait(false);
        var missing = schema.Fields.Where(f => !table.Schema.Contains(f.Name)).ToList();
        if (missing.Count == 0) return table;
        try
        {
            await table.AddColumnsAsync(missing, ct).ConfigureAwait(false);
        }
        catch (StrataAlreadyExistsException)
        {
            // Another process upgraded the table meanwhile.
        }
        await table.RefreshAsync(ct).ConfigureAwait(false);
        return table;
    }

    private async Task<Table> CreateSystemTableAsync(TableName tableName, Schema schema, CancellationToken ct)
    {
        var entry = new CatalogEntry
        {
            Namespace = tableName.Namespace,
            Name = tableName.Name,
            TableId = Ids.NewTableId(),
            CreatedAt = DateTimeOffset.UtcNow,
            Description = $"Strata system table {tableName}",
        };
        var store = new ManifestStore(this, entry.TableId);
        var manifest = ManifestFields.EmptyTable(entry, schema, Author, 1);
        var snap = await store.CreateAsync(manifest, ct).ConfigureAwait(false);
        try
        {
            await Catalog.CommitAsync(new OperationRecord("create_system_table", new Dictionary<string, string> { ["name"] = tableName.ToString() }), c =>
            {
                if (CatalogStore.Find(c, tableName) is not null)
                    throw new StrataAlreadyExistsException($"system table '{tableName}' was created by another process meanwhile.");
                var namespaces = c.Namespaces.Any(n => n.Count == 1 && IsSystem(n)) ? c.Namespaces : [.. c.Namespaces, tableName.Namespace];
                return c with { Tables = [.. c.Tables, entry], Namespaces = namespaces };
            }, ct).ConfigureAwait(false);
        }
        catch (StrataAlreadyExistsException)
        {
            await DeleteTableFilesAsync(entry.TableId, CancellationToken.None).ConfigureAwait(false);
            var latest = await Catalog.ReadLatestAsync(ct).ConfigureAwait(false);
            var winner = CatalogStore.Find(latest, tableName)
                ?? throw new StrataConflictException($"system table '{tableName}' appeared and vanished while creating it; try again.");
            return await OpenEntryAsync(winner, null, ct).ConfigureAwait(false);
        }
        catch
        {
            await DeleteTableFilesAsync(entry.TableId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return new Table(this, entry, store, snap, readOnly: false);
    }
}
