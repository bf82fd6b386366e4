using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>Vault processes: <c>strata process list|stop|resume|new</c>.</summary>
internal static class ProcessCommands
{
    /// <summary>Adds <c>process</c> and its subcommands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var process = new Command("process",
            "Vault processes (every vault change runs as one): list the active ones, stop, resume, or make a new id for --process-id.");
        process.Add(List(runner));
        process.Add(Stop(runner));
        process.Add(Resume(runner));
        process.Add(New(runner));
        runner.Bind(process, _ => throw new CliUsageException("give a subcommand: list, stop, resume or new (see 'strata process --help')."));
        root.Add(process);
    }

    private static Argument<string> Id() => new("ID") { Description = "The process id (see 'strata process list')." };

    private static Command List(CommandRunner runner)
    {
        var command = new Command("list", "List the processes that are running, paused or were interrupted: id, operation, table, state, rows, error.");
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var active = await vault.GetActiveProcessesAsync(ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["process_id", "operation", "table_name", "state", "steps_done", "rows_done", "rows_planned", "started_at", "error"]);
            foreach (var p in active.Values.OrderBy(p => p.StartedAt))
            {
                var state = p.Alive ? "running" : p.Paused ? "paused" : BackfillCommand.Status(p.Status);
                writer.WriteRow([p.ProcessId, p.Operation, p.Table, state, p.CompletedSteps.Count, p.RowsDone, p.RowsPlanned, p.StartedAt, p.Error]);
            }
            writer.End();
        });
        return command;
    }

    private static Command Stop(CommandRunner runner)
    {
        var id = Id();
        var force = new Option<bool>("--force") { Description = "Kill the process's OS process if it is still running." };
        var materialize = new Option<bool>("--materialize") { Description = "Keep what an execute computed so far as one instance marked unsuccessful, instead of reverting it." };
        var command = new Command("stop", "Stop a paused or interrupted process: revert everything it did, or with --materialize keep its partial result.")
        {
            id, force, materialize,
        };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var pid = ctx.Get(id);
            await vault.StopProcessAsync(pid, ctx.Get(force), ctx.Get(materialize), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say(ctx.Get(materialize) ? $"stopped process {pid}; its partial result is kept as an unsuccessful instance" : $"stopped process {pid}; everything it did is reverted");
        });
        return command;
    }

    private static Command Resume(CommandRunner runner)
    {
        var id = Id();
        var command = new Command("resume", "Run a recorded process to completion from its last completed step (background executions run this).") { id };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var pid = ctx.Get(id);
            await vault.ResumeProcessAsync(pid, ctx.CancellationToken).ConfigureAwait(false);
            var info = await vault.GetProcessAsync(pid, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"process {pid} ({info.Operation}{(info.Table is null ? "" : " of '" + info.Table + "'")}) is {BackfillCommand.Status(info.Status)}");
        });
        return command;
    }

    private static Command New(CommandRunner runner)
    {
        var command = new Command("new", "Print a new process id, to pass as --process-id (a failure then pauses instead of reverting).");
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync(create: true).ConfigureAwait(false);
            ctx.Say(vault.GenerateProcessId());
        });
        return command;
    }
}
