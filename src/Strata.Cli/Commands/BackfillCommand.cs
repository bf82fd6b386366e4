using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Strata.Backfill;
using Strata.Cli.Output;
using Strata.Cli.Parsing;

namespace Strata.Cli.Commands;

/// <summary><c>strata backfill TABLE COLUMN</c>: computes a UDF column, with progress, resumable by job id.</summary>
internal static class BackfillCommand
{
    /// <summary>Adds the command to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner) => root.Add(Backfill(runner));

    private static Command Backfill(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var column = new Argument<string>("COLUMN") { Description = "A column added with 'add-column --udf' (a UDF with several outputs fills them all)." };
        var where = CommonOptions.Where(
            "Compute only rows matching this SQL predicate (default: rows whose value is null, and all rows computed by another UDF version or from other inputs).");
        var concurrency = new Option<int?>("--concurrency")
        {
            Description = "Tasks run at the same time (default: the number of cores).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--concurrency"),
        };
        var checkpointSize = new Option<int?>("--checkpoint-size")
        {
            Description = "Rows per checkpoint, the most a crash or Ctrl-C loses per task (default: the UDF's).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--checkpoint-size"),
        };
        var jobId = new Option<string?>("--job-id")
        {
            Description = "The job's id: an interrupted (cancelled, failed, crashed) job's id resumes it from its checkpoints, with its --where and --checkpoint-size unless given again; a finished job's id does nothing; a new id names the new job.",
            HelpName = "ID",
        };
        var retryFailed = new Option<string?>("--retry-failed-of")
        {
            Description = "Recompute only the rows that job recorded as failed.",
            HelpName = "JOB",
        };
        var progress = new Option<string>("--progress")
        {
            Description = "Progress on stderr: auto (a live bar on a terminal, nothing otherwise), lines (a line every few seconds and at the end) or none.",
            DefaultValueFactory = _ => "auto",
        };
        progress.AcceptOnlyFromAmong("auto", "lines", "none");
        var command = new Command("backfill",
            "Compute a UDF column for the rows that need it, in parallel, checkpointing as it goes; Ctrl-C stops it and --job-id resumes it.")
        {
            table, column, where, concurrency, checkpointSize, jobId, retryFailed, progress,
        };
        runner.Bind(command, async ctx =>
        {
            var options = new BackfillOptions { Where = ctx.Get(where) };
            if (ctx.Get(concurrency) is { } n) options = options with { Concurrency = AtLeastOne(n, "--concurrency") };
            if (ctx.Get(checkpointSize) is { } size) options = options with { CheckpointSize = AtLeastOne(size, "--checkpoint-size") };
            var mode = ctx.Get(progress) switch
            {
                "lines" => ProgressMode.Lines,
                "none" => ProgressMode.None,
                _ => ctx.Console.IsErrorTerminal ? ProgressMode.Bar : ProgressMode.None,
            };

            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var columnName = ctx.Get(column);
            if (!target.Schema.Contains(columnName)) throw new StrataNotFoundException($"column '{columnName}' does not exist in '{target.Name}'.");
            if (ctx.Get(retryFailed) is { } failedJob)
            {
                var failed = await lake.GetJobAsync(failedJob, ctx.CancellationToken).ConfigureAwait(false);
                options = options with { RetryFailedRowsOf = failed.JobId };
            }

            string? resumeNote = null;
            if (ctx.Get(jobId) is { } id)
            {
                var existing = await FindJobAsync(lake, id, ctx.CancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    CheckSameWork(existing, target, columnName);
                    if (existing.Status == JobStatus.Done)
                    {
                        ctx.Say($"job {existing.JobId}");
                        ctx.Say($"job {existing.JobId} is already done ({WriteCommands.Rows(existing.RowsCommitted)} committed); nothing to compute. "
                            + "Run without --job-id to start a new backfill.");
                        ctx.Say(Summary(target.Name, columnName, 0, 0, 0, 0, 0, target.Version));
                        return;
                    }
                    resumeNote = $" (resuming: {Status(existing.Status)}, {existing.RowsCheckpointed} of {existing.RowsPlanned} rows checkpointed)";
                    options = InheritOptions(options, existing, whereGiven: ctx.Get(where) is not null,
                        checkpointGiven: ctx.Get(checkpointSize) is not null);
                }
                options = options with { JobId = existing?.JobId ?? id };
            }

            var job = target.BackfillAsync(columnName, options, ctx.CancellationToken);
            ctx.Say($"job {job.JobId}{resumeNote}");
            await ctx.Console.Out.FlushAsync(ctx.CancellationToken).ConfigureAwait(false);
            BackfillResult result;
            try
            {
                result = await BackfillProgressView.WatchAsync(ctx.Console, job, mode, $"{target.Name}.{columnName}").ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (ctx.CancellationToken.IsCancellationRequested)
            {
                throw new CliCancelledException(
                    $"cancelled; job {job.JobId} is recorded as cancelled (finished checkpoints are kept); "
                    + $"resume it with 'strata backfill {target.Name} {columnName} --job-id {job.JobId}'.", e, ctx.CancellationToken);
            }
            ctx.Say(Summary(target.Name, columnName, result.RowsComputed, result.RowsFromCheckpoints, result.RowsFailed, result.FragmentsCommitted,
                result.FragmentsLost, result.Version));
            if (result.RowsFailed > 0)
                ctx.Say($"see the failures with 'strata errors {result.JobId}'; recompute those rows with 'strata backfill {target.Name} {columnName} --retry-failed-of {result.JobId}'");
        });
        return command;
    }

    private static string Summary(string table, string column, long computed, long fromCheckpoints, long failed, int fragments, int lost, long version)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"backfilled '{table}' column '{column}': {computed} rows computed, {fromCheckpoints} from checkpoints, {failed} failed, {fragments} fragment(s) committed");
        if (lost > 0) text += string.Create(CultureInfo.InvariantCulture, $", {lost} fragment(s) rewritten meanwhile (backfill again to fill them)");
        return text + string.Create(CultureInfo.InvariantCulture, $"; version {version}");
    }

    /// <summary>
    /// A resumed job keeps the options it was started with unless they are given again: its checkpoints are
    /// named after the where clause and the checkpoint size, so other values would start over.
    /// </summary>
    private static BackfillOptions InheritOptions(BackfillOptions options, JobRecord job, bool whereGiven, bool checkpointGiven)
    {
        Dictionary<string, string?>? config;
        try
        {
            config = JsonSerializer.Deserialize<Dictionary<string, string?>>(job.Config);
        }
        catch (JsonException)
        {
            return options;
        }
        if (config is null) return options;
        if (!whereGiven && config.GetValueOrDefault("where") is { Length: > 0 } w) options = options with { Where = w };
        if (!checkpointGiven && Int(config, "checkpoint_size") is { } size) options = options with { CheckpointSize = size };
        if (Int(config, "task_rows") is { } rows) options = options with { TaskRows = rows };
        if (Int(config, "commit_granularity") is { } g) options = options with { CommitGranularity = g };
        return options;
    }

    private static int? Int(Dictionary<string, string?> config, string key) =>
        int.TryParse(config.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 ? value : null;

    /// <summary>The job with that id, or null when there is none (a bad id is an error).</summary>
    private static async Task<JobRecord?> FindJobAsync(Lake lake, string id, CancellationToken ct)
    {
        try
        {
            return await lake.GetJobAsync(id, ct).ConfigureAwait(false);
        }
        catch (StrataNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Refuses to resume a job of another kind, table or column under this id.</summary>
    private static void CheckSameWork(JobRecord job, Table table, string column)
    {
        var sameTable = string.Equals(job.TableId, table.Id, StringComparison.Ordinal)
            || (job.TableId is null && string.Equals(job.Table, table.Name, StringComparison.OrdinalIgnoreCase));
        var columns = (job.Column ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sameColumn = columns.Contains(column, StringComparer.OrdinalIgnoreCase);
        if (job.Kind == "backfill" && sameTable && sameColumn) return;
        throw new StrataConflictException(
            $"job {job.JobId} is a {job.Kind} of '{job.Table}' column '{job.Column}', not of '{table.Name}' column '{column}'; "
            + "resume it with its own table and column, or pass a new --job-id.");
    }

    /// <summary>A status as the CLI prints it: <c>done</c>, <c>cancelled</c> ….</summary>
    internal static string Status(JobStatus status) => status.ToString().ToLowerInvariant();

    private static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new CliUsageException($"{option} must be at least 1.");
}
