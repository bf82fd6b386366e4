using System.CommandLine;
using Strata.Cli.Output;

namespace Strata.Cli;

/// <summary>One command's run: its parsed arguments, console, cancellation, and the lake it opened (disposed at the end).</summary>
internal sealed class CommandContext : IAsyncDisposable
{
    private readonly GlobalOptions _globals;
    private Lake? _lake;

    /// <summary>Creates the context of one command run.</summary>
    public CommandContext(ParseResult parse, CliConsole console, GlobalOptions globals, CancellationToken cancellationToken)
    {
        Parse = parse;
        Console = console;
        _globals = globals;
        CancellationToken = cancellationToken;
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Where output goes.</summary>
    public CliConsole Console { get; }

    /// <summary>Set on Ctrl-C.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Whether <c>--verbose</c> was given.</summary>
    public bool Verbose => Parse.GetValue(_globals.Verbose);

    /// <summary>The value of <c>--format</c> (table when the command has no such option).</summary>
    public OutputFormat Format => OutputFormats.Parse(Parse.GetValue(_globals.Format));

    /// <summary>The value of an option.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of an argument.</summary>
    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Writes a line of output.</summary>
    public void Say(string line) => Console.Out.WriteLine(line);

    /// <summary>A writer of rows in the chosen <c>--format</c>.</summary>
    public RowWriter Rows() => RowWriter.Create(Format, Console);

    /// <summary>A writer of rows in the chosen <c>--format</c>, with wider cells than usual in the table format.</summary>
    public RowWriter Rows(int maxCellWidth) => RowWriter.Create(Format, Console, maxCellWidth);

    /// <summary>The lake folder: <c>--lake</c>, else <c>STRATA_LAKE</c>, else a usage error.</summary>
    public string LakePath() =>
        ExplicitLakePath() ?? throw new CliUsageException($"no lake given; pass --lake PATH or set {GlobalOptions.LakeVariable}.");

    /// <summary>The value of <c>--lake</c> alone (not <c>STRATA_LAKE</c>).</summary>
    public string? LakeOptionValue => Parse.GetValue(_globals.Lake);

    /// <summary><c>--lake</c>, else <c>STRATA_LAKE</c>, else null.</summary>
    public string? ExplicitLakePath()
    {
        var path = Parse.GetValue(_globals.Lake);
        if (string.IsNullOrWhiteSpace(path)) path = Console.Environment(GlobalOptions.LakeVariable);
        return string.IsNullOrWhiteSpace(path) ? null : path;
    }

    /// <summary>Opens the lake (an error when the folder holds none).</summary>
    public async Task<Lake> OpenLakeAsync()
    {
        if (_lake is not null) return _lake;
        _lake = await Lake.OpenAsync(LakePath(), LakeOptions(null), CancellationToken).ConfigureAwait(false);
        return _lake;
    }

    /// <summary>Creates a lake in <paramref name="path"/> (an error when one is already there).</summary>
    public async Task<Lake> CreateLakeAsync(string path, string? description)
    {
        if (_lake is not null) throw new InvalidOperationException("this command already opened a lake.");
        _lake = await Lake.CreateAsync(path, LakeOptions(description), CancellationToken).ConfigureAwait(false);
        return _lake;
    }

    /// <summary>Opens a table of the lake, at a past version (read-only) when given.</summary>
    public async Task<Table> OpenTableAsync(string name, long? version = null)
    {
        var lake = await OpenLakeAsync().ConfigureAwait(false);
        return await lake.OpenTableAsync(name, version, CancellationToken).ConfigureAwait(false);
    }

    private LakeOptions LakeOptions(string? description)
    {
        var options = new LakeOptions { Description = description };
        var author = Parse.GetValue(_globals.Author);
        return string.IsNullOrWhiteSpace(author) ? options : options with { Author = author };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_lake is not null) await _lake.DisposeAsync().ConfigureAwait(false);
        _lake = null;
    }
}
