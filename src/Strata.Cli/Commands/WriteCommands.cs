using System.CommandLine;
using Strata.Cli.Output;
using Strata.Cli.Parsing;
using Strata.Data;

namespace Strata.Cli.Commands;

/// <summary>Commands that change a table's rows or columns: <c>create</c>, <c>append</c>, <c>add-column</c>, <c>update</c>, <c>delete</c>, <c>merge</c>.</summary>
internal static class WriteCommands
{
    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Create(runner));
        root.Add(Append(runner));
        root.Add(AddColumn(runner));
        root.Add(Update(runner));
        root.Add(Delete(runner));
        root.Add(Merge(runner));
    }

    private static Command Create(CommandRunner runner)
    {
        var table = CommonOptions.Table("The new table's name (ns.table to create it in a namespace).");
        var from = CommonOptions.From("CSV, JSON-lines or Parquet file with the first rows (format from the extension).", required: false);
        var schema = new Option<string?>("--schema")
        {
            Description = "Column names and types, e.g. \"id int64, name string, v float[8]\"; with --from, forces the file's types.",
            HelpName = "COLUMNS",
        };
        var mode = new Option<string>("--mode")
        {
            Description = "create: fail if the table exists; overwrite: replace its content as a new version.",
            DefaultValueFactory = _ => "create",
        };
        mode.AcceptOnlyFromAmong("create", "overwrite");
        var existOk = new Option<bool>("--exist-ok") { Description = "If the table exists (mode create), keep it instead of failing." };
        var description = new Option<string?>("--description") { Description = "What the table holds.", HelpName = "TEXT" };
        var multipleArtifacts = new Option<bool>("--allow-multiple-artifacts")
        {
            Description = "Vault table: each instance keeps its own artifact folder (default: one shared folder, replaced by each instance).",
        };
        var sideEffects = new Option<bool>("--has-side-effects")
        {
            Description = "Vault table: its builders have side effects, so an execute locks the whole table and a failure cannot be resumed midway.",
        };
        var command = new Command("create",
            "Create a table from a file (--from) or an empty one with a schema (--schema); with neither, a vault table whose "
            + "schema comes from its first instance (see 'strata instance').")
        {
            table, from, schema, mode, existOk, description, multipleArtifacts, sideEffects,
        };
        var write = new WriteOptionsBinder(command);
        runner.Bind(command, async ctx =>
        {
            var file = ctx.Get(from);
            var schemaText = ctx.Get(schema);
            if (file is null && schemaText is null)
            {
                await VaultCommands.CreateTableAsync(ctx, ctx.Get(table), ctx.Get(multipleArtifacts), ctx.Get(sideEffects), ctx.Get(description)).ConfigureAwait(false);
                return;
            }
            if (ctx.Get(multipleArtifacts) || ctx.Get(sideEffects))
                throw new CliUsageException("--allow-multiple-artifacts and --has-side-effects are for vault tables; leave out --from and --schema.");
            var parsed = schemaText is null ? null : Schema.Parse(schemaText);
            var overwrite = ctx.Get(mode) == "overwrite";
            var options = new CreateTableOptions
            {
                Mode = overwrite ? CreateMode.Overwrite : CreateMode.Create,
                ExistOk = ctx.Get(existOk),
                Description = ctx.Get(description),
                Write = write.Read(ctx),
            };
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var name = ctx.Get(table);
            var existed = await lake.TableExistsAsync(name, ctx.CancellationToken).ConfigureAwait(false);
            var created = file is null
                ? await lake.CreateTableAsync(name, parsed!, options, ctx.CancellationToken).ConfigureAwait(false)
                : await StatusSpinner.RunAsync(ctx.Console, $"loading {file}",
                    () => parsed is null
                        ? lake.CreateTableFromFileAsync(name, file, null, options, ctx.CancellationToken)
                        : lake.CreateTableAsync(name, TableInput.ReadFor(file, parsed), parsed, options, ctx.CancellationToken)).ConfigureAwait(false);
            var verb = !existed ? "created" : overwrite ? "overwrote" : "kept existing";
            ctx.Say($"{verb} table '{created.Name}': version {created.Version}, {Rows(created.RowCount)} ({created.Schema})");
        });
        return command;
    }

    private static Command Append(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var from = CommonOptions.From("CSV, JSON-lines or Parquet file with the rows (columns by name; missing ones read as null).", required: true);
        var command = new Command("append", "Append the rows of a file to a table as one new version.") { table, from };
        var write = new WriteOptionsBinder(command);
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var file = ctx.Get(from)!;
            var before = target.RowCount;
            var options = write.Read(ctx);
            var version = await StatusSpinner.RunAsync(ctx.Console, $"appending {file}",
                () => target.AddAsync(TableInput.ReadFor(file, target.Schema), options, ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say($"appended {Rows(version.RowCount - before)} to '{target.Name}': version {version.Version}, {Rows(version.RowCount)} in total");
        });
        return command;
    }

    private static Command AddColumn(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var name = new Argument<string>("NAME") { Description = "The new column's name (a UDF with several outputs adds one column per output instead)." };
        var sql = new Option<string?>("--sql")
        {
            Description = "A SQL expression over the other columns, e.g. \"length(body)\"; computed for every row, also rows added later.",
            HelpName = "EXPR",
        };
        var type = new Option<string?>("--type") { Description = "Add an all-null column of this type instead, e.g. \"string\" or \"float[8]\".", HelpName = "TYPE" };
        var udf = new Option<string?>("--udf")
        {
            Description = "Add a column computed by this registered UDF (see 'strata udf register'); values stay null until 'strata backfill'.",
            HelpName = "NAME",
        };
        var inputs = new Option<string?>("--inputs")
        {
            Description = "With --udf: the table's columns to pass as the UDF's inputs, in parameter order (default: the UDF's inputs).",
            HelpName = "A,B",
        };
        var command = new Command("add-column", "Add a column computed by SQL (--sql), by a UDF (--udf) or an empty typed column (--type).")
        {
            table, name, sql, type, udf, inputs,
        };
        runner.Bind(command, async ctx =>
        {
            var expression = ctx.Get(sql);
            var typeText = ctx.Get(type);
            var udfName = ctx.Get(udf);
            if ((expression is null ? 0 : 1) + (typeText is null ? 0 : 1) + (udfName is null ? 0 : 1) != 1)
                throw new CliUsageException("give one of --sql EXPR (a computed column), --udf NAME (a UDF column) or --type TYPE (an all-null column).");
            var inputText = ctx.Get(inputs);
            if (inputText is not null && udfName is null) throw new CliUsageException("--inputs only applies with --udf.");
            var column = ctx.Get(name);
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            if (udfName is not null)
            {
                var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
                var function = await lake.Udfs.ResolveAsync(udfName, ctx.CancellationToken).ConfigureAwait(false);
                var bound = inputText is null ? null : TextLists.SplitTopLevel(inputText, "--inputs");
                var before = target.Schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var added = await target.AddColumnsAsync(function, column, bound, ctx.CancellationToken).ConfigureAwait(false);
                var columns = target.Schema.Fields.Where(f => !before.Contains(f.Name)).ToList();
                var names = string.Join(", ", columns.Select(f => $"'{f.Name}' ({f.Type})"));
                var from = string.Join(", ", bound ?? function.Inputs);
                ctx.Say($"added column{(columns.Count == 1 ? "" : "s")} {names} to '{target.Name}', computed by UDF '{function.Name}' from {from}: "
                    + $"version {added.Version}; fill with 'strata backfill {target.Name} {columns.FirstOrDefault()?.Name ?? column}'");
                return;
            }
            var version = expression is not null
                ? await StatusSpinner.RunAsync(ctx.Console, $"computing {column}",
                    () => target.AddColumnsAsync(new Dictionary<string, string> { [column] = expression }, ctx.CancellationToken)).ConfigureAwait(false)
                : await target.AddColumnsAsync([new Field(column, DataType.Parse(typeText!))], ctx.CancellationToken).ConfigureAwait(false);
            var addedType = target.Schema.Contains(column) ? $" ({target.Schema[column].Type})" : "";
            ctx.Say($"added column '{column}'{addedType} to '{target.Name}': version {version.Version}");
        });
        return command;
    }

    private static Command Update(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var where = CommonOptions.Where("Only rows matching this SQL predicate (default: every row).");
        var set = new Option<string[]>("--set")
        {
            Description = "column=EXPR, a SQL expression over the row's columns (repeatable).",
            HelpName = "COL=EXPR",
            Required = true,
        };
        var command = new Command("update", "Set columns to SQL expressions on matching rows (rows keep their ids).") { table, where, set };
        runner.Bind(command, async ctx =>
        {
            var assignments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in ctx.Get(set) ?? [])
            {
                var (column, expression) = TextLists.ParseAssignment(item, "--set");
                if (!assignments.TryAdd(column, expression)) throw new CliUsageException($"--set names column '{column}' twice.");
            }
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var changed = await target.UpdateAsync(ctx.Get(where), assignments, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"updated {Rows(changed)} of '{target.Name}': version {target.Version}");
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var where = CommonOptions.Where("Delete the rows matching this SQL predicate (use 'true' for all rows).", required: true);
        var command = new Command("delete", "Delete rows matching a SQL predicate.") { table, where };
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var deleted = await target.DeleteAsync(ctx.Get(where)!, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"deleted {Rows(deleted)} from '{target.Name}': version {target.Version}, {Rows(target.RowCount)} left");
        });
        return command;
    }

    private static Command Merge(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var from = CommonOptions.From("CSV, JSON-lines or Parquet file with the source rows (keys must be unique in it).", required: true);
        var on = new Option<string>("--on") { Description = "Key column(s), comma-separated.", HelpName = "KEY[,KEY2]", Required = true };
        var noUpdate = new Option<bool>("--no-update") { Description = "Leave matched rows unchanged (insert only)." };
        var noInsert = new Option<bool>("--no-insert") { Description = "Do not insert source rows that match no row (update only)." };
        var deleteMissing = new Option<bool>("--delete-missing") { Description = "Delete table rows whose keys are not in the source." };
        var command = new Command("merge", "Upsert the rows of a file by key: update matches, insert the rest.")
        {
            table, from, on, noUpdate, noInsert, deleteMissing,
        };
        var write = new WriteOptionsBinder(command);
        runner.Bind(command, async ctx =>
        {
            var keys = TextLists.SplitTopLevel(ctx.Get(on)!, "--on");
            var options = new MergeInsertOptions
            {
                WhenMatchedUpdateAll = !ctx.Get(noUpdate),
                WhenNotMatchedInsertAll = !ctx.Get(noInsert),
                WhenNotMatchedBySourceDelete = ctx.Get(deleteMissing),
                Write = write.Read(ctx),
            };
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var file = ctx.Get(from)!;
            var result = await StatusSpinner.RunAsync(ctx.Console, $"merging {file}",
                () => target.MergeInsertAsync(keys, TableInput.ReadFor(file, target.Schema), options, ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say($"merged into '{target.Name}': {result.Updated} updated, {result.Inserted} inserted, {result.Deleted} deleted; version {result.Version}");
        });
        return command;
    }

    /// <summary>"1 row", "3 rows".</summary>
    internal static string Rows(long n) => n == 1 ? "1 row" : $"{n} rows";
}
