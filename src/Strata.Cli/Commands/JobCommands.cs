using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Spectre.Console;
using Strata.Cli.Output;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>Jobs (backfills) and what they recorded: <c>jobs</c>, <c>job</c>, <c>errors</c>.</summary>
internal static class JobCommands
{
    /// <summary>Longest error message shown in a cell of the table format of <c>errors</c>.</summary>
    private const int MessageWidth = 160;

    /// <summary>Every field of a job record, named as in <c>__system.jobs</c>, in declaration order.</summary>
    private static readonly (string Name, PropertyInfo Property)[] RecordFields =
    [
        .. typeof(JobRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Column: p.GetCustomAttribute<StrataColumnAttribute>()))
            .Where(x => x.Column is not null && !x.Property.IsDefined(typeof(StrataIgnoreAttribute)))
            .OrderBy(x => x.Property.MetadataToken)
            .Select(x => (x.Column!.Name ?? x.Property.Name, x.Property)),
    ];

    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Jobs(runner));
        root.Add(Job(runner));
        root.Add(Errors(runner));
    }

    private static Command Jobs(CommandRunner runner)
    {
        var table = new Option<string?>("--table") { Description = "Only jobs of this table.", HelpName = "TABLE" };
        var status = new Option<string?>("--status") { Description = "Only jobs whose current status is this.", HelpName = "STATUS" };
        status.AcceptOnlyFromAmong("pending", "running", "done", "failed", "cancelled");
        var command = new Command("jobs", "List the lake's jobs (backfills), newest first: id, table, column, status, rows, times, error.") { table, status };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            JobStatus? wanted = ctx.Get(status) is { } s ? Enum.Parse<JobStatus>(s, ignoreCase: true) : null;
            var jobs = await lake.ListJobsAsync(ctx.Get(table), wanted, ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["job_id", "table_name", "column_name", "kind", "status", "rows_planned", "rows_committed", "rows_failed", "created_at", "completed_at", "error"]);
            foreach (var j in jobs)
            {
                writer.WriteRow([j.JobId, j.Table, j.Column, j.Kind, BackfillCommand.Status(j.Status), j.RowsPlanned, j.RowsCommitted, j.RowsFailed,
                    j.CreatedAt, j.CompletedAt, j.Error]);
            }
            writer.End();
        });
        return command;
    }

    private static Command Job(CommandRunner runner)
    {
        var id = new Argument<string>("ID") { Description = "The job's id (see 'strata jobs')." };
        var command = new Command("job", "Show one job: every field of its current state, then its events.") { id };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var job = await lake.GetJobAsync(ctx.Get(id), ctx.CancellationToken).ConfigureAwait(false);
            var events = await lake.GetJobEventsAsync(job.JobId, ctx.CancellationToken).ConfigureAwait(false);
            if (ctx.Format == OutputFormat.Table)
            {
                WriteJobForPeople(ctx.Console, job, events);
                return;
            }
            // One row: the fields, then the events (a JSON array of objects; text in CSV).
            var writer = ctx.Rows();
            writer.Begin([.. RecordFields.Select(f => f.Name), "events"]);
            var values = RecordFields.Select(f => Value(f.Property, job, parseConfig: ctx.Format == OutputFormat.Json)).ToList();
            values.Add(events.Select(e => new List<KeyValuePair<string, object?>>
            {
                new("time", e.Time),
                new("kind", e.Kind),
                new("message", e.Message),
            }).ToList());
            writer.WriteRow(values);
            writer.End();
        });
        return command;
    }

    private static Command Errors(CommandRunner runner)
    {
        var id = new Argument<string>("JOB") { Description = "The job's id (see 'strata jobs')." };
        var column = new Option<string?>("--column") { Description = "Only errors of this column.", HelpName = "COLUMN" };
        var stack = new Option<bool>("--stack-trace") { Description = "Add each error's stack trace (column stack_trace)." };
        var command = new Command("errors", "List the rows a job's UDF failed on (recorded when the UDF skips failing rows): row id, attempt, exception, message.")
        {
            id, column, stack,
        };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var job = await lake.GetJobAsync(ctx.Get(id), ctx.CancellationToken).ConfigureAwait(false);
            var errors = await lake.GetErrorsAsync(job.JobId, ctx.Get(column), ctx.CancellationToken).ConfigureAwait(false);
            var withStack = ctx.Get(stack);
            var writer = ctx.Rows(MessageWidth);
            writer.Begin(withStack
                ? ["row_id", "column_name", "attempt", "exception_type", "message", "time", "stack_trace"]
                : ["row_id", "column_name", "attempt", "exception_type", "message", "time"]);
            foreach (var e in errors)
            {
                writer.WriteRow(withStack
                    ? [e.RowId, e.Column, e.Attempt, e.ExceptionType, e.Message, e.Time, e.StackTrace]
                    : [e.RowId, e.Column, e.Attempt, e.ExceptionType, e.Message, e.Time]);
            }
            writer.End();
        });
        return command;
    }

    /// <summary>The table format of <c>job</c>: a field/value table (values in full), then the events.</summary>
    private static void WriteJobForPeople(CliConsole console, JobRecord job, IReadOnlyList<JobEvent> events)
    {
        var spectre = SpectreConsoles.Create(console.Out, console.IsOutputTerminal);
        var fields = new Spectre.Console.Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(new Text("field", new Style(decoration: Decoration.Bold))))
            .AddColumn(new TableColumn(new Text("value", new Style(decoration: Decoration.Bold))));
        foreach (var (name, property) in RecordFields)
        {
            var value = Value(property, job, parseConfig: false);
            fields.AddRow(new Text(name), value is null ? new Markup("[dim]null[/]") : new Text(ValueFormatter.Format(value)));
        }
        spectre.Write(fields);
        if (events.Count == 0)
        {
            spectre.MarkupLine("[dim](no events)[/]");
            return;
        }
        var list = new Spectre.Console.Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn(new Text("time", new Style(decoration: Decoration.Bold))))
            .AddColumn(new TableColumn(new Text("kind", new Style(decoration: Decoration.Bold))))
            .AddColumn(new TableColumn(new Text("message", new Style(decoration: Decoration.Bold))));
        foreach (var e in events) list.AddRow(new Text(ValueFormatter.Format(e.Time)), new Text(e.Kind), new Text(e.Message));
        spectre.Write(list);
        spectre.MarkupLine(Markup.Escape(events.Count == 1 ? "(1 event)" : $"({events.Count} events)"));
        console.Out.Flush();
    }

    /// <summary>A field's value as printed: statuses in lower case, and (for JSON) the config as an object.</summary>
    private static object? Value(PropertyInfo property, JobRecord job, bool parseConfig)
    {
        var value = property.GetValue(job);
        return value switch
        {
            JobStatus status => BackfillCommand.Status(status),
            string config when parseConfig && property.Name == nameof(JobRecord.Config) => ParseJson(config),
            _ => value,
        };
    }

    /// <summary>JSON text as values <see cref="JsonRowWriter"/> writes back as JSON (the text itself when it is not JSON).</summary>
    private static object? ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value))).ToList(),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
