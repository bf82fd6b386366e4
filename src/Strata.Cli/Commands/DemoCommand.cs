using System.CommandLine;
using System.Globalization;
using Strata.Cli.Demo;

namespace Strata.Cli.Commands;

/// <summary><c>demo</c>: builds a small lake and walks through the features.</summary>
internal static class DemoCommand
{
    /// <summary>Adds the command to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var command = new Command("demo",
            "Build a small lake and walk through the features (create, append, query, SQL columns, update, delete, merge, "
            + "versions, time travel, SQL joins, tags, compaction, cleanup). Uses --lake if given (a new folder), "
            + "else ./strata-demo-<timestamp>; STRATA_LAKE is ignored so a real lake is never touched.");
        runner.Bind(command, async ctx =>
        {
            var folder = ctx.LakeOptionValue;
            if (string.IsNullOrWhiteSpace(folder))
            {
                folder = Path.GetFullPath($"strata-demo-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
                ctx.Say($"no --lake given; building the demo lake in {folder}");
            }
            await new DemoRunner(ctx).RunAsync(folder).ConfigureAwait(false);
        });
        root.Add(command);
    }
}
