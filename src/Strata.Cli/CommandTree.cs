using System.CommandLine;
using Strata.Cli.Commands;

namespace Strata.Cli;

/// <summary>Builds the whole <c>strata</c> command tree for one invocation.</summary>
internal static class CommandTree
{
    /// <summary>The root command with every subcommand bound to <paramref name="console"/>.</summary>
    public static RootCommand Build(CliConsole console, GlobalOptions globals)
    {
        var root = new RootCommand(
            "strata: a versioned, lineage-tracked table lake. Every change is a new version; read any old one, "
            + "restore it, or query tables with SQL. Pass the lake with --lake PATH or STRATA_LAKE.");
        root.HelpName = "strata";
        root.Add(globals.Lake);
        root.Add(globals.Author);
        root.Add(globals.Verbose);
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction();

        var runner = new CommandRunner(console, globals);
        LakeCommands.AddTo(root, runner);
        WriteCommands.AddTo(root, runner);
        ReadCommands.AddTo(root, runner);
        HistoryCommands.AddTo(root, runner);
        NamespaceCommands.AddTo(root, runner);
        UdfCommands.AddTo(root, runner);
        BackfillCommand.AddTo(root, runner);
        JobCommands.AddTo(root, runner);
        InstanceCommands.AddTo(root, runner);
        ModuleCommands.AddTo(root, runner);
        BuilderCommands.AddTo(root, runner);
        ProcessCommands.AddTo(root, runner);
        VaultCommands.AddTo(root, runner);
        DemoCommand.AddTo(root, runner);
        runner.Bind(root, _ => throw new CliUsageException("no command given; run 'strata --help' to list the commands."));
        return root;
    }

    /// <summary>The command's full name, e.g. <c>strata namespace create</c>.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', ["strata", .. names]);
    }
}
