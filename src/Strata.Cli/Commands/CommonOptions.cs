using System.CommandLine;
using Strata.Cli.Parsing;

namespace Strata.Cli.Commands;

/// <summary>Factories of the arguments and options several commands share (fresh instances per command).</summary>
internal static class CommonOptions
{
    /// <summary>The <c>TABLE</c> argument.</summary>
    public static Argument<string> Table(string description = "The table's name (ns.table for a table in a namespace).") =>
        new("TABLE") { Description = description };

    /// <summary><c>--version N</c>: read a past version (read-only).</summary>
    public static Option<long?> Version(string description = "Read this past version (time travel) instead of the newest.") =>
        new("--version") { Description = description, HelpName = "N", CustomParser = Numbers.Optional<long>("--version") };

    /// <summary><c>--where SQL</c>.</summary>
    public static Option<string?> Where(string description, bool required = false) =>
        new("--where") { Description = description, HelpName = "SQL", Required = required };

    /// <summary><c>--from FILE</c>.</summary>
    public static Option<string?> From(string description, bool required) =>
        new("--from") { Description = description, HelpName = "FILE", Required = required };

    /// <summary><c>--limit N</c>.</summary>
    public static Option<long?> Limit() =>
        new("--limit")
        {
            Description = "At most this many rows (default: 20 in the table format, all in csv/json).",
            HelpName = "N",
            CustomParser = Numbers.Optional<long>("--limit"),
        };
}
