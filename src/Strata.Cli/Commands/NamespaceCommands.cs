using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary><c>namespace create|list|drop</c>.</summary>
internal static class NamespaceCommands
{
    /// <summary>Adds the command group to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var group = new Command("namespace", "Manage namespaces (folders of tables: a table 'ns.t' lives in namespace 'ns').");
        group.Add(Create(runner));
        group.Add(List(runner));
        group.Add(Drop(runner));
        root.Add(group);
    }

    private static Argument<string> Name(string description) => new("NAME") { Description = description };

    private static Command Create(CommandRunner runner)
    {
        var name = Name("Dotted name, e.g. team or team.project (parents must exist).");
        var existOk = new Option<bool>("--exist-ok") { Description = "Succeed when it already exists." };
        var command = new Command("create", "Create a namespace.") { name, existOk };
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            await lake.CreateNamespaceAsync(ctx.Get(name), ctx.Get(existOk), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"created namespace '{ctx.Get(name)}'");
        });
        return command;
    }

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the namespaces.");
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var names = await lake.ListNamespacesAsync(ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["namespace"]);
            foreach (var n in names) writer.WriteRow([n]);
            writer.End();
        });
        return command;
    }

    private static Command Drop(CommandRunner runner)
    {
        var name = Name("The namespace to drop (it must be empty).");
        var command = new Command("drop", "Drop an empty namespace.") { name };
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            await lake.DropNamespaceAsync(ctx.Get(name), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"dropped namespace '{ctx.Get(name)}'");
        });
        return command;
    }
}
