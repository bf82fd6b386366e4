using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>C# code modules stored in a vault: <c>strata module create|list|show|delete</c>.</summary>
internal static class ModuleCommands
{
    /// <summary>Adds <c>module</c> and its subcommands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var module = new Command("module", "C# code modules stored in the vault (public static methods that builder files call).");
        module.Add(Create(runner));
        module.Add(List(runner));
        module.Add(Show(runner));
        module.Add(Delete(runner));
        runner.Bind(module, _ => throw new CliUsageException("give a subcommand: create, list, show or delete (see 'strata module --help')."));
        root.Add(module);
    }

    private static Command Create(CommandRunner runner)
    {
        var name = new Argument<string?>("NAME")
        {
            Description = "The module's name (default with --from FILE: the file's name; with --from FOLDER each .cs file is a module named after it).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var from = new Option<string?>("--from") { Description = "A .cs file, or a folder whose .cs files all become modules.", HelpName = "FILE|FOLDER" };
        var text = new Option<string?>("--text") { Description = "The module's C# source itself.", HelpName = "SOURCE" };
        var processId = VaultArgs.ProcessId();
        var command = new Command("create", "Store a C# code module (it must compile; errors name the file and line).") { name, from, text, processId };
        runner.Bind(command, async ctx =>
        {
            var file = ctx.Get(from);
            var source = ctx.Get(text);
            if (file is not null && source is not null) throw new CliUsageException("give either --from FILE|FOLDER or --text SOURCE, not both.");
            var moduleName = ctx.Get(name) ?? "";
            if (file is null && source is null && moduleName.Length == 0)
                throw new CliUsageException("give the module's NAME (and --text SOURCE), or --from FILE|FOLDER.");
            if (file is null && source is null)
                throw new CliUsageException($"give the source of module '{moduleName}' with --text SOURCE or --from FILE.");
            var full = file is null ? null : VaultArgs.ExistingPath(file, "--from");
            if (full is not null && moduleName.Length > 0 && Directory.Exists(full))
                throw new CliUsageException("a folder holds several modules named after their files; leave out NAME with --from FOLDER.");
            if (source is not null && moduleName.Length == 0) throw new CliUsageException("give the module's NAME with --text.");
            var vault = await ctx.OpenVaultAsync(create: true).ConfigureAwait(false);
            var before = await vault.GetCodeModulesListAsync(ctx.CancellationToken).ConfigureAwait(false);
            var p = await vault.CreateCodeModuleAsync(moduleName, source, full, ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            var after = await vault.GetCodeModulesListAsync(ctx.CancellationToken).ConfigureAwait(false);
            var names = moduleName.Length > 0 ? [moduleName] : after.Except(before, StringComparer.Ordinal).DefaultIfEmpty("(none new)").ToList();
            ctx.Say($"stored code module{(names.Count == 1 ? "" : "s")} {string.Join(", ", names.Select(n => $"'{n}'"))} {VaultArgs.ProcessNote(p)}");
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the stored code modules (the built-in ones builtin_rows, builtin_files, builtin_random are always there).");
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["module"]);
            foreach (var m in await vault.GetCodeModulesListAsync(ctx.CancellationToken).ConfigureAwait(false)) writer.WriteRow([m]);
            writer.End();
        });
        return command;
    }

    private static Command Show(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The module's name." };
        var command = new Command("show", "Print a code module's C# source.") { name };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var source = await vault.GetCodeModuleStrAsync(ctx.Get(name), ctx.CancellationToken).ConfigureAwait(false);
            await ctx.Console.Out.WriteAsync(source.EndsWith('\n') ? source : source + "\n").ConfigureAwait(false);
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The module's name." };
        var processId = VaultArgs.ProcessId();
        var command = new Command("delete", "Delete a stored code module.") { name, processId };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var p = await vault.DeleteCodeModuleAsync(ctx.Get(name), ctx.Get(processId), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"deleted code module '{ctx.Get(name)}' {VaultArgs.ProcessNote(p)}");
        });
        return command;
    }
}
