using System.CommandLine;
using Strata.Cli.Output;
using Strata.Cli.Parsing;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>Instances of vault tables: <c>strata instance create|execute|write|list|delete|show</c>.</summary>
internal static class InstanceCommands
{
    /// <summary>Adds <c>instance</c> and its subcommands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var instance = new Command("instance",
            "Instances of vault tables: make a draft (create), build it with its builders (execute) or from a file (write), list, show, delete.");
        instance.Add(Create(runner));
        instance.Add(Execute(runner));
        instance.Add(Write(runner));
        instance.Add(List(runner));
        instance.Add(Delete(runner));
        instance.Add(Show(runner));
        runner.Bind(instance, _ => throw new CliUsageException("give a subcommand: create, execute, write, list, delete or show (see 'strata instance --help')."));
        root.Add(instance);
    }

    private static Command Create(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var version = VaultArgs.NamedVersion("The named version whose draft to make (default: base).");
        var origin = new Option<string?>("--origin") { Description = "Start from this instance (default: the version's latest).", HelpName = "ID" };
        var originTable = new Option<string?>("--origin-table") { Description = "Take the origin instance from this table instead.", HelpName = "TABLE" };
        var external = new Option<bool>("--external-edit") { Description = "The instance will be written from outside ('strata instance write'), not built." };
        var copy = new Option<bool>("--copy") { Description = "Copy the origin's builder files into the draft." };
        var builders = new Option<string[]>("--builder")
        {
            Description = "Make a builder file from the template with this name (repeatable).",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
        };
        var description = new Option<string?>("--description") { Description = "What the instance holds.", HelpName = "TEXT" };
        var processId = VaultArgs.ProcessId();
        var command = new Command("create", "Make a draft of a vault table's version, to fill with builder files and execute.")
        {
            table, version, origin, originTable, external, copy, builders, description, processId,
        };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var name = ctx.Get(table);
            var v = ctx.Get(version)!;
            var id = await vault.CreateInstanceAsync(name, v, ctx.Get(origin) ?? "", ctx.Get(originTable) ?? "", ctx.Get(external), ctx.Get(copy),
                ctx.Get(builders) ?? [], ctx.Get(description) ?? "", ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            var files = await vault.GetBuildersListAsync(name, version: v, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            var list = files.Count == 0 ? "no builder files" : "builder files: " + string.Join(", ", files);
            ctx.Say($"created draft of '{name}' version '{v}' ({list}) {VaultArgs.ProcessNote(id)}");
        });
        return command;
    }

    private static Command Execute(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var version = VaultArgs.NamedVersion("The named version whose draft to execute (default: base).");
        var force = new Option<bool>("--force") { Description = "Rebuild everything, reusing nothing of the origin." };
        var background = new Option<bool>("--background") { Description = "Run in a separate process and return at once (follow it with 'strata process list')." };
        var processId = VaultArgs.ProcessId();
        var progress = VaultArgs.Progress();
        var command = new Command("execute", "Run the draft's builders and materialize the result as a new instance (unchanged builders are reused, not rerun).")
        {
            table, version, force, background, processId, progress,
        };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var name = ctx.Get(table);
            var v = ctx.Get(version)!;
            if (ctx.Get(background))
            {
                var started = await vault.ExecuteInstanceAsync(name, v, ctx.Get(force), background: true, null, ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
                ctx.Say($"started process {started} in the background; follow it with 'strata process list' (it is done when it leaves the list)");
                return;
            }
            var id = await VaultProgressView.RunAsync(ctx.Console, VaultArgs.Mode(ctx, progress), $"execute {name}",
                sink => vault.ExecuteInstanceAsync(name, v, ctx.Get(force), background: false, sink, ctx.Get(processId), ctx.CancellationToken)).ConfigureAwait(false);
            var info = await vault.GetProcessAsync(id, ctx.CancellationToken).ConfigureAwait(false);
            var instances = await vault.GetTableInstancesAsync(name, v, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            var rows = (await vault.Lake.OpenTableAsync(name, cancellationToken: ctx.CancellationToken).ConfigureAwait(false)).RowCount;
            ctx.Say($"executed '{name}' version '{v}': instance {instances[^1]}, {WriteCommands.Rows(rows)}, {info.BuilderCalls} builder call(s) {VaultArgs.ProcessNote(id)}");
        });
        return command;
    }

    private static Command Write(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var from = CommonOptions.From("CSV, JSON-lines or Parquet file with the instance's rows (format from the extension).", required: true);
        var version = VaultArgs.NamedVersion("The named version to write (its draft must be made with --external-edit; default: base).");
        var dependencies = new Option<string[]>("--dependency")
        {
            Description = "An input of the data as TABLE:INSTANCE_ID, recorded as lineage (repeatable).",
            HelpName = "TABLE:ID",
            AllowMultipleArgumentsPerToken = true,
        };
        var dtypes = new Option<string[]>("--dtype")
        {
            Description = "A column's type as column=type, e.g. path=artifact_string or n=Int64 (repeatable).",
            HelpName = "COLUMN=TYPE",
            AllowMultipleArgumentsPerToken = true,
        };
        var processId = VaultArgs.ProcessId();
        var command = new Command("write", "Write a file's rows as a new instance of a vault table (a draft made with 'instance create --external-edit').")
        {
            table, from, version, dependencies, dtypes, processId,
        };
        runner.Bind(command, async ctx =>
        {
            var deps = (ctx.Get(dependencies) ?? []).Select(Dependency).ToList();
            var types = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in ctx.Get(dtypes) ?? [])
            {
                var (column, type) = TextLists.ParseAssignment(item, "--dtype");
                types[column] = type;
            }
            var file = ctx.Get(from)!;
            var full = Path.GetFullPath(file);
            if (!File.Exists(full)) throw new StrataNotFoundException($"input file {full} does not exist.");
            var data = BatchFiles.ReadAll(full);
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var name = ctx.Get(table);
            var v = ctx.Get(version)!;
            var id = await vault.WriteInstanceAsync(data, name, v, deps, types, ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            var instances = await vault.GetTableInstancesAsync(name, v, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"wrote {WriteCommands.Rows(data.RowCount)} to '{name}' version '{v}': instance {instances[^1]} {VaultArgs.ProcessNote(id)}");
        });
        return command;
    }

    private static (string Table, string InstanceId) Dependency(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            throw new CliUsageException($"--dependency '{text}' must be TABLE:INSTANCE_ID (list instances with 'strata instance list TABLE').");
        return (text[..colon].Trim(), text[(colon + 1)..].Trim());
    }

    private static Command List(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var version = VaultArgs.NamedVersion("List the instances of this named version (default: base).");
        var command = new Command("list", "List a vault table's instances of a version, oldest first: id, success, origin, description.") { table, version };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var name = ctx.Get(table);
            var ids = await vault.GetTableInstancesAsync(name, ctx.Get(version)!, cancellationToken: ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["instance_id", "version", "success", "origin", "dependencies", "description"]);
            foreach (var id in ids)
            {
                var d = await vault.GetDescriptionsAsync(id, name, ctx.CancellationToken).ConfigureAwait(false);
                writer.WriteRow([id, d["version"], d["success"] == "true", Empty(d["origin"]), Empty(d["dependencies"]), Empty(d["description"])]);
            }
            writer.End();
        });
        return command;
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    private static Command Delete(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var id = new Argument<string>("ID") { Description = "The instance id (see 'strata instance list')." };
        var processId = VaultArgs.ProcessId();
        var command = new Command("delete", "Delete an instance's data and artifacts (its record stays, for lineage).") { table, id, processId };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var p = await vault.DeleteInstanceAsync(ctx.Get(id), ctx.Get(table), ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"deleted instance {ctx.Get(id)} of '{ctx.Get(table)}' {VaultArgs.ProcessNote(p)}");
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var id = VaultArgs.Instance("Show this instance (default: the version's latest).", "--id");
        var version = VaultArgs.NamedVersion("Show the latest instance of this named version (default: base).");
        var rows = new Option<int?>("--rows")
        {
            Description = "At most this many rows (default: 20 in the table format, all in csv/json).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--rows"),
        };
        var successful = new Option<bool>("--successful-only") { Description = "Only consider instances that materialized successfully." };
        var all = new Option<bool>("--all") { Description = "Also consider inactive instances." };
        var relative = new Option<bool>("--relative-artifacts") { Description = "Print artifact paths relative to the artifact folder instead of full paths." };
        var command = new Command("show", "Print an instance's rows (TableVault's get_dataframe); artifact columns as full paths.")
        {
            table, id, version, rows, successful, all, relative,
        };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var limit = ctx.Get(rows) ?? (ctx.Format == OutputFormat.Table ? 20 : null);
            var (data, instanceId) = await vault.GetDataFrameAsync(ctx.Get(table), ctx.Get(id) ?? "", ctx.Get(version)!, !ctx.Get(all), ctx.Get(successful),
                limit, !ctx.Get(relative), ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows(TableRowWriter.MaxCellWidth * 2);
            writer.WriteBatch(data);
            writer.End($"instance {instanceId}");
        });
        return command;
    }
}
