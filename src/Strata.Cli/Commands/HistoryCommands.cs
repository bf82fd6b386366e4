using System.CommandLine;
using System.Globalization;
using Strata.Cli.Output;
using Strata.Cli.Parsing;

namespace Strata.Cli.Commands;

/// <summary>Version history and maintenance: <c>restore</c>, <c>tag</c>, <c>untag</c>, <c>tags</c>, <c>compact</c>, <c>cleanup</c>.</summary>
internal static class HistoryCommands
{
    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Restore(runner));
        root.Add(Tag(runner));
        root.Add(Untag(runner));
        root.Add(Tags(runner));
        root.Add(Compact(runner));
        root.Add(Cleanup(runner));
    }

    private static Command Restore(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var version = new Argument<long>("VERSION") { Description = "The version whose content becomes the newest version.", CustomParser = Numbers.Required<long>("VERSION") };
        var command = new Command("restore", "Make a past version's content the newest version (a new commit; history is kept).") { table, version };
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var restored = await target.RestoreAsync(ctx.Get(version), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"restored '{target.Name}' to the content of version {ctx.Get(version)}: version {restored.Version}, {WriteCommands.Rows(restored.RowCount)}");
        });
        return command;
    }

    private static Command Tag(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var name = new Argument<string>("NAME") { Description = "The tag." };
        var version = CommonOptions.Version("The version to tag (default: the newest).");
        var command = new Command("tag", "Name a version; tagged versions are kept by cleanup.") { table, name, version };
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var v = ctx.Get(version) ?? target.Version;
            await target.CreateTagAsync(ctx.Get(name), v, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"tagged '{target.Name}' version {v} as '{ctx.Get(name)}'");
        });
        return command;
    }

    private static Command Untag(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var name = new Argument<string>("NAME") { Description = "The tag to remove." };
        var command = new Command("untag", "Remove a tag (the version stays until cleanup).") { table, name };
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            await target.DeleteTagAsync(ctx.Get(name), ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"removed tag '{ctx.Get(name)}' of '{target.Name}'");
        });
        return command;
    }

    private static Command Tags(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var command = new Command("tags", "List a table's tags.") { table };
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var tags = await target.ListTagsAsync(ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["tag", "version"]);
            foreach (var (tag, v) in tags.OrderBy(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)) writer.WriteRow([tag, v]);
            writer.End();
        });
        return command;
    }

    private static Command Compact(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var targetRows = new Option<int?>("--target-rows") { Description = "Rows per output fragment (default 1,048,576).", HelpName = "N", CustomParser = Numbers.Optional<int>("--target-rows") };
        var maxDeleted = new Option<double?>("--max-deleted-fraction")
        {
            Description = "Rewrite fragments whose deleted share exceeds this (default 0.1).",
            HelpName = "F",
            CustomParser = Numbers.Optional<double>("--max-deleted-fraction"),
        };
        var command = new Command("compact", "Merge small fragments and drop deleted rows from files, as one new version.") { table, targetRows, maxDeleted };
        runner.Bind(command, async ctx =>
        {
            var options = new CompactOptions();
            if (ctx.Get(targetRows) is { } rows) options = options with { TargetRowsPerFragment = rows };
            if (ctx.Get(maxDeleted) is { } fraction) options = options with { MaxDeletedFraction = fraction };
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var result = await StatusSpinner.RunAsync(ctx.Console, $"compacting {target.Name}",
                () => target.CompactAsync(options, ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say(result.FragmentsRemoved == 0 && result.FragmentsAdded == 0
                ? $"'{target.Name}' is already compact: version {result.Version}"
                : $"compacted '{target.Name}': {result.FragmentsRemoved} fragment(s) rewritten into {result.FragmentsAdded}; version {result.Version}");
        });
        return command;
    }

    private static Command Cleanup(CommandRunner runner)
    {
        var table = CommonOptions.Table();
        var keep = new Option<int>("--keep") { Description = "Keep this many newest versions (at least 1); tagged versions are always kept.", HelpName = "N", Required = true, CustomParser = Numbers.Required<int>("--keep") };
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Only remove versions older than this (e.g. 1h, 7d); newer ones are kept too.",
            HelpName = "AGE",
        };
        var grace = new Option<string?>("--orphan-grace")
        {
            Description = "Delete files no version ever used only when older than this (default 1h), sparing writes in flight.",
            HelpName = "AGE",
        };
        var command = new Command("cleanup", "Delete old versions and the data files only they used.") { table, keep, olderThan, grace };
        runner.Bind(command, async ctx =>
        {
            var options = new CleanupOptions { KeepVersions = ctx.Get(keep) };
            if (options.KeepVersions < 1) throw new CliUsageException("--keep must be at least 1.");
            if (ctx.Get(olderThan) is { } age) options = options with { KeepNewerThan = Durations.Parse(age, "--older-than") };
            if (ctx.Get(grace) is { } g) options = options with { OrphanGracePeriod = Durations.Parse(g, "--orphan-grace") };
            var target = await ctx.OpenTableAsync(ctx.Get(table)).ConfigureAwait(false);
            var result = await StatusSpinner.RunAsync(ctx.Console, $"cleaning up {target.Name}",
                () => target.CleanupAsync(options, ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say($"cleaned up '{target.Name}': removed {result.VersionsRemoved} version(s), {result.FilesRemoved} file(s), {Bytes(result.BytesRemoved)}");
        });
        return command;
    }

    /// <summary>"512 bytes", "1.5 KiB", "3.2 MiB" …</summary>
    internal static string Bytes(long n)
    {
        if (n < 1024) return n == 1 ? "1 byte" : $"{n} bytes";
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        double value = n;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]} ({n} bytes)");
    }
}
