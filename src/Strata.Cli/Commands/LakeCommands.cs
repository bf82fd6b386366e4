using System.CommandLine;
using Strata.Cli.Output;
using Strata.Cli.Parsing;

namespace Strata.Cli.Commands;

/// <summary>Lake-level commands: <c>init</c>, <c>tables</c>, <c>sql</c>, <c>drop</c>, <c>rename</c>.</summary>
internal static class LakeCommands
{
    /// <summary>Rows fetched per page when listing tables.</summary>
    private const int TablePageSize = 500;

    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Init(runner));
        root.Add(Tables(runner));
        root.Add(Sql(runner));
        root.Add(Drop(runner));
        root.Add(Rename(runner));
    }

    private static Command Init(CommandRunner runner)
    {
        var description = new Option<string?>("--description") { Description = "What the lake holds.", HelpName = "TEXT" };
        var command = new Command("init", "Create a new, empty lake in the --lake folder (created if missing).") { description };
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.CreateLakeAsync(ctx.LakePath(), ctx.Get(description)).ConfigureAwait(false);
            ctx.Say($"created lake at {lake.Location} (author {lake.Author})");
        });
        return command;
    }

    private static Command Tables(CommandRunner runner)
    {
        var ns = new Option<string?>("--namespace") { Description = "Only tables directly in this namespace.", HelpName = "NS" };
        var command = new Command("tables", "List the lake's tables.") { ns };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["table"]);
            string? token = null;
            do
            {
                var page = await lake.ListTablesAsync(token, TablePageSize, ctx.Get(ns), ctx.CancellationToken).ConfigureAwait(false);
                foreach (var name in page.Names) writer.WriteRow([name]);
                token = page.NextPageToken;
            }
            while (token is not null);
            writer.End();
        });
        return command;
    }

    private static Command Sql(CommandRunner runner)
    {
        var query = new Argument<string>("QUERY") { Description = "DuckDB SQL over the lake's tables by name (ns.table for namespaced ones)." };
        var at = new Option<string[]>("--at")
        {
            Description = "Read a table at a past version: TABLE=VERSION (repeatable).",
            HelpName = "TABLE=VERSION",
        };
        var limit = CommonOptions.Limit();
        var command = new Command("sql", "Run a SQL query (joins, aggregates, windows …) across tables and print the result.") { query, at, limit };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var pins = ParsePins(ctx.Get(at));
            var sql = ctx.Get(query);
            var max = ctx.Get(limit) ?? (ctx.Format == OutputFormat.Table ? ReadCommands.DefaultTableRows : long.MaxValue);
            var writer = ctx.Rows();
            var seen = 0L;
            var any = false;
            await foreach (var batch in lake.SqlBatchesAsync(sql, pins, ctx.CancellationToken).ConfigureAwait(false))
            {
                any = true;
                writer.WriteBatch(batch, max);
                seen += batch.RowCount;
                if (seen > max) break; // stop reading: the rest would not be printed
            }
            if (!any && ctx.Format != OutputFormat.Json)
                writer.WriteBatch(await lake.SqlAsync(sql, pins, ctx.CancellationToken).ConfigureAwait(false), max);
            writer.End(seen > max ? $"showing the first {max}; use --limit N for more" : null);
        });
        return command;
    }

    private static Dictionary<string, long>? ParsePins(string[]? items)
    {
        if (items is null || items.Length == 0) return null;
        var pins = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            var eq = item.LastIndexOf('=');
            if (eq <= 0 || !long.TryParse(item.AsSpan(eq + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
                throw new CliUsageException($"--at '{item}' is not of the form TABLE=VERSION (e.g. --at docs=3).");
            pins[item[..eq].Trim()] = v;
        }
        return pins;
    }

    private static Command Drop(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var ifExists = new Option<bool>("--if-exists") { Description = "Succeed when the table does not exist." };
        var command = new Command("drop", "Drop a table and delete its files.") { table, ifExists };
        runner.Bind(command, async ctx =>
        {
            var name = ctx.Get(table);
            if (await VaultCommands.VaultTableAsync(ctx, name).ConfigureAwait(false) is { } vault)
            {
                var p = await vault.DeleteTableAsync(name, null, ctx.CancellationToken).ConfigureAwait(false);
                ctx.Say($"deleted vault table '{name}': its instances' data and artifacts are gone, its metadata stays {VaultArgs.ProcessNote(p)}");
                return;
            }
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var existed = await lake.TableExistsAsync(name, ctx.CancellationToken).ConfigureAwait(false);
            await lake.DropTableAsync(name, ctx.Get(ifExists), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say(existed ? $"dropped table '{name}'" : $"table '{name}' does not exist; nothing dropped");
        });
        return command;
    }

    private static Command Rename(CommandRunner runner)
    {
        var from = new Argument<string>("OLD") { Description = "The table's current name." };
        var to = new Argument<string>("NEW") { Description = "Its new name." };
        var command = new Command("rename", "Rename a table (no data moves).") { from, to };
        runner.Bind(command, async ctx =>
        {
            if (await VaultCommands.VaultTableAsync(ctx, ctx.Get(from)).ConfigureAwait(false) is { } vault)
            {
                var p = await vault.RenameTableAsync(ctx.Get(to), ctx.Get(from), null, ctx.CancellationToken).ConfigureAwait(false);
                ctx.Say($"renamed vault table '{ctx.Get(from)}' to '{ctx.Get(to)}' {VaultArgs.ProcessNote(p)}");
                return;
            }
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            await lake.RenameTableAsync(ctx.Get(from), ctx.Get(to), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"renamed table '{ctx.Get(from)}' to '{ctx.Get(to)}'");
        });
        return command;
    }
}
