using System.CommandLine;
using Strata.Cli.Output;
using Strata.Cli.Parsing;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>Commands that read a table: <c>show</c>, <c>count</c>, <c>versions</c>, <c>describe</c>.</summary>
internal static class ReadCommands
{
    /// <summary>Rows shown by default in the table format.</summary>
    public const long DefaultTableRows = 20;

    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Show(runner));
        root.Add(Count(runner));
        root.Add(Versions(runner));
        root.Add(Describe(runner));
    }

    private static Command Show(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var version = CommonOptions.Version();
        var select = new Option<string?>("--select")
        {
            Description = "Columns to show, comma-separated; name=EXPR computes a column with SQL (e.g. \"id,len=length(body)\").",
            HelpName = "COLUMNS",
        };
        var where = CommonOptions.Where("Only rows matching this SQL predicate.");
        var limit = CommonOptions.Limit();
        var offset = new Option<long?>("--offset") { Description = "Skip this many rows first.", HelpName = "N", CustomParser = Numbers.Optional<long>("--offset") };
        var withRowId = new Option<bool>("--with-row-id") { Description = "Add the stable row id as column _rowid." };
        var command = new Command("show", "Print a table's rows.") { table, version, select, where, limit, offset, withRowId };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table), ctx.Get(version)).ConfigureAwait(false);
            var query = target.Query();
            if (ctx.Get(select) is { } selection) ApplySelect(query, selection);
            if (ctx.Get(where) is { } predicate) query.Where(predicate);
            if (ctx.Get(offset) is { } skip) query.Offset(skip);
            if (ctx.Get(withRowId)) query.WithRowId();
            var max = ctx.Get(limit) ?? (ctx.Format == OutputFormat.Table ? DefaultTableRows : (long?)null);
            var writer = ctx.Rows();
            if (ctx.Format == OutputFormat.Table)
            {
                // One row past the limit tells whether there are more.
                var batch = await query.Limit(max!.Value == long.MaxValue ? max.Value : max.Value + 1).ToBatchAsync(ctx.CancellationToken).ConfigureAwait(false);
                writer.WriteBatch(batch, max.Value);
                writer.End(batch.RowCount > max ? $"showing the first {max}; use --limit N for more" : null);
                return;
            }
            if (max is { } m) query.Limit(m);
            var any = false;
            await foreach (var batch in query.ToBatchesAsync(ctx.CancellationToken).ConfigureAwait(false))
            {
                any = true;
                writer.WriteBatch(batch);
            }
            if (!any) writer.WriteBatch(await query.Limit(0).ToBatchAsync(ctx.CancellationToken).ConfigureAwait(false));
            writer.End();
        });
        return command;
    }

    /// <summary>Adds <c>--select</c> items to the query in order: plain columns, or <c>name=EXPR</c> computed ones.</summary>
    internal static void ApplySelect(TableQuery query, string selection)
    {
        foreach (var item in TextLists.SplitTopLevel(selection, "--select"))
        {
            if (TextLists.TryParseAssignment(item, out var name, out var expression))
            {
                if (expression.Length == 0) throw new CliUsageException($"--select item '{item}' has no expression after '='.");
                query.Select(new Dictionary<string, string> { [name] = expression });
            }
            else
            {
                var column = item.Length > 1 && item[0] == '"' && item[^1] == '"' ? item[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : item;
                query.Select(column);
            }
        }
    }

    private static Command Count(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var where = CommonOptions.Where("Only count rows matching this SQL predicate.");
        var version = CommonOptions.Version("Count at this past version.");
        var command = new Command("count", "Count a table's rows.") { table, where, version };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table), ctx.Get(version)).ConfigureAwait(false);
            var n = await target.CountRowsAsync(ctx.Get(where), ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Format == OutputFormat.Table)
            {
                ctx.Say(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
            var writer = ctx.Rows();
            writer.Begin(["count"]);
            writer.WriteRow([n]);
            writer.End();
        });
        return command;
    }

    private static Command Versions(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var command = new Command("versions", "List a table's versions: time, author, operation and its parameters, rows, tags.") { table };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var versions = await target.ListVersionsAsync(ctx.CancellationToken).ConfigureAwait(false);
            WriteVersions(ctx.Rows(), versions);
        });
        return command;
    }

    /// <summary>Prints versions as rows: version, time, author, operation, parameters, rows, tags.</summary>
    internal static void WriteVersions(RowWriter writer, IEnumerable<TableVersion> versions)
    {
        writer.Begin(["version", "time", "author", "operation", "parameters", "rows", "tags"]);
        foreach (var v in versions)
        {
            var parameters = v.Parameters.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);
            writer.WriteRow([v.Version, v.Timestamp, v.Author, v.Operation, parameters, v.RowCount, v.Tags.ToArray()]);
        }
        writer.End();
    }

    private static Command Describe(CommandRunner runner)
    {
        var table = new Argument<string?>("TABLE")
        {
            Description = "The table (leave out to describe the vault).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var version = CommonOptions.Version("Describe this past version.");
        var instance = VaultArgs.Instance("Describe this instance of the vault table (description, version, origin, success, dependencies).");
        var command = new Command("describe", "Print a table's version, size and columns; a vault instance's description (--instance); or, with no TABLE, the vault's.")
        {
            table, version, instance,
        };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var name = ctx.Get(table);
            if (name is null || ctx.Get(instance) is not null)
            {
                if (ctx.Get(version) is not null) throw new CliUsageException("--version describes a table's past version; leave it out for a vault or an instance.");
                var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
                var descriptions = await vault.GetDescriptionsAsync(ctx.Get(instance) ?? "", name ?? "", ctx.CancellationToken).ConfigureAwait(false);
                var rows = ctx.Rows(TableRowWriter.MaxCellWidth * 3);
                rows.Begin(["key", "value"]);
                foreach (var (key, value) in descriptions) rows.WriteRow([key, value]);
                rows.End();
                return;
            }
            var inVault = ctx.LakeIsVault() ? await ctx.OpenVaultAsync().ConfigureAwait(false) : null;
            var target = await ctx.OpenTableAsync(name, ctx.Get(version)).ConfigureAwait(false);
            var latest = await target.GetLatestVersionAsync(ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Format == OutputFormat.Table)
            {
                ctx.Say($"table '{target.Name}' (id {target.Id}): version {target.Version} of {latest}, {WriteCommands.Rows(target.RowCount)}, {target.FragmentCount} fragment(s)");
                if (!string.IsNullOrEmpty(target.Description)) ctx.Say(target.Description);
                if (inVault is not null && (await inVault.GetTablesAsync(ctx.CancellationToken).ConfigureAwait(false)).Contains(target.Name))
                {
                    var d = await inVault.GetDescriptionsAsync("", target.Name, ctx.CancellationToken).ConfigureAwait(false);
                    ctx.Say($"vault table: {d["description"]} (allow_multiple_artifacts {d["allow_multiple_artifacts"]}, has_side_effects {d["has_side_effects"]})");
                }
            }
            var writer = ctx.Rows();
            writer.Begin(["column", "type", "nullable"]);
            foreach (var field in target.Schema.Fields) writer.WriteRow([field.Name, field.Type.ToString(), field.Nullable]);
            writer.End();
        });
        return command;
    }
}
