using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>YAML builder files of a vault table's draft or instance: <c>strata builder create|list|show|delete</c>.</summary>
internal static class BuilderCommands
{
    /// <summary>Adds <c>builder</c> and its subcommands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var builder = new Command("builder", "YAML builder files of a vault table's draft (see docs/vault-builders.md).");
        builder.Add(Create(runner));
        builder.Add(List(runner));
        builder.Add(Show(runner));
        builder.Add(Delete(runner));
        runner.Bind(builder, _ => throw new CliUsageException("give a subcommand: create, list, show or delete (see 'strata builder --help')."));
        root.Add(builder);
    }

    private static Argument<string?> Name(string description) => new("NAME") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    private static Command Create(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var name = Name("The builder's name (default: the index builder TABLE_index; with --from FILE, the file's name).");
        var version = VaultArgs.NamedVersion("The named version whose draft gets the file (default: base).");
        var from = new Option<string?>("--from") { Description = "A .yaml builder file, or a folder whose .yaml files all become builders.", HelpName = "FILE|FOLDER" };
        var text = new Option<string?>("--text") { Description = "The builder's YAML itself.", HelpName = "YAML" };
        var processId = VaultArgs.ProcessId();
        var command = new Command("create", "Add (or replace) a builder file in a draft: from a file, a folder, YAML text, or a template to fill in.")
        {
            table, name, version, from, text, processId,
        };
        runner.Bind(command, async ctx =>
        {
            var file = ctx.Get(from);
            var yaml = ctx.Get(text);
            if (file is not null && yaml is not null) throw new CliUsageException("give either --from FILE|FOLDER or --text YAML, not both.");
            var builderName = ctx.Get(name) ?? "";
            string? folder = null;
            if (file is not null)
            {
                var full = VaultArgs.ExistingPath(file, "--from");
                if (Directory.Exists(full))
                {
                    if (builderName.Length > 0) throw new CliUsageException("a folder holds several builders named after their files; leave out NAME with --from FOLDER.");
                    folder = full;
                }
                else
                {
                    yaml = await File.ReadAllTextAsync(full, ctx.CancellationToken).ConfigureAwait(false);
                    if (builderName.Length == 0) builderName = Path.GetFileNameWithoutExtension(full);
                }
            }
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var t = ctx.Get(table);
            var v = ctx.Get(version)!;
            var p = await vault.CreateBuilderFileAsync(t, builderName, v, yaml, folder, ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            var what = folder is not null ? $"the builder files of {folder}" : $"builder '{(builderName.Length == 0 ? t + "_index" : builderName)}'";
            var template = folder is null && yaml is null ? " from the template (fill it in with 'strata builder create ... --from FILE')" : "";
            ctx.Say($"stored {what}{template} in the draft of '{t}' version '{v}' {VaultArgs.ProcessNote(p)}");
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var version = VaultArgs.NamedVersion("List the builders of this named version's draft (default: base).");
        var instance = VaultArgs.Instance("List the builders an instance was built with instead of the draft's.");
        var command = new Command("list", "List the builder files of a draft (or of an instance).") { table, version, instance };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var id = ctx.Get(instance) ?? "";
            var names = await vault.GetBuildersListAsync(ctx.Get(table), id, ctx.Get(version)!, isTemp: id.Length == 0, ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["builder"]);
            foreach (var n in names) writer.WriteRow([n]);
            writer.End();
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var name = Name("The builder's name (default: the index builder TABLE_index).");
        var version = VaultArgs.NamedVersion("Show the builder of this named version's draft (default: base).");
        var instance = VaultArgs.Instance("Show the builder an instance was built with instead of the draft's.");
        var command = new Command("show", "Print a builder file's YAML.") { table, name, version, instance };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var id = ctx.Get(instance) ?? "";
            var yaml = await vault.GetBuilderStrAsync(ctx.Get(table), ctx.Get(name) ?? "", id, ctx.Get(version)!, isTemp: id.Length == 0, ctx.CancellationToken)
                .ConfigureAwait(false);
            await ctx.Console.Out.WriteAsync(yaml.EndsWith('\n') ? yaml : yaml + "\n").ConfigureAwait(false);
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var name = new Argument<string>("NAME") { Description = "The builder's name." };
        var version = VaultArgs.NamedVersion("Delete it from this named version's draft (default: base).");
        var processId = VaultArgs.ProcessId();
        var command = new Command("delete", "Delete a builder file from a draft.") { table, name, version, processId };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var p = await vault.DeleteBuilderFileAsync(ctx.Get(name), ctx.Get(table), ctx.Get(version)!, ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"deleted builder '{ctx.Get(name)}' from the draft of '{ctx.Get(table)}' version '{ctx.Get(version)}' {VaultArgs.ProcessNote(p)}");
        });
        return command;
    }
}
