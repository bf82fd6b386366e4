using System.CommandLine;
using Strata.Cli.Output;

namespace Strata.Cli.Commands;

/// <summary>Factories of the options the vault commands share (fresh instances per command).</summary>
internal static class VaultArgs
{
    /// <summary>The vault's default named version (TableVault's "base").</summary>
    public const string BaseVersion = "base";

    /// <summary>The <c>TABLE</c> argument of a vault table.</summary>
    public static Argument<string> Table() => new("TABLE") { Description = "The vault table's name." };

    /// <summary><c>--version NAME</c>: a named version of a vault table (default base).</summary>
    public static Option<string> NamedVersion(string description = "The named version (default: base).") =>
        new("--version") { Description = description, HelpName = "NAME", DefaultValueFactory = _ => BaseVersion };

    /// <summary><c>--process-id ID</c>: a caller id, so a failure pauses the process instead of reverting it.</summary>
    public static Option<string?> ProcessId() =>
        new("--process-id")
        {
            Description = "Run as this process id (from 'strata process new'): a failure then pauses the process, and the same command with the same id resumes it.",
            HelpName = "ID",
        };

    /// <summary><c>--instance ID</c>.</summary>
    public static Option<string?> Instance(string description, string name = "--instance") =>
        new(name) { Description = description, HelpName = "ID" };

    /// <summary><c>--progress auto|lines|none</c>.</summary>
    public static Option<string> Progress()
    {
        var option = new Option<string>("--progress")
        {
            Description = "Progress on stderr: auto (a live bar per builder on a terminal, nothing otherwise), lines (one line per builder and every few seconds) or none.",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "lines", "none");
        return option;
    }

    /// <summary>The progress mode chosen by <c>--progress</c>.</summary>
    public static ProgressMode Mode(CommandContext ctx, Option<string> option) => ctx.Get(option) switch
    {
        "lines" => ProgressMode.Lines,
        "none" => ProgressMode.None,
        _ => ctx.Console.IsErrorTerminal ? ProgressMode.Bar : ProgressMode.None,
    };

    /// <summary>"(process p-…)" for the confirmation lines.</summary>
    public static string ProcessNote(string processId) => $"(process {processId})";

    /// <summary>Reads the <c>--from</c> file or folder path, which must exist.</summary>
    public static string ExistingPath(string path, string option)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
            throw new StrataNotFoundException($"{option} {full} does not exist; give an existing file or folder.");
        return full;
    }
}
