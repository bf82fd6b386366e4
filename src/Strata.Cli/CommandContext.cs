using System.CommandLine;
using Strata.Cli.Output;
using Strata.Vault;

namespace Strata.Cli;

/// <summary>One command's run: its parsed arguments, console, cancellation, and the lake it opened (disposed at the end).</summary>
internal sealed class CommandContext : IAsyncDisposable
{
    private readonly GlobalOptions _globals;
    private Lake? _lake;
    private Vault.Vault? _vault;

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
        if (_vault is not null) return _vault.Lake;
        _lake = await Lake.OpenAsync(LakePath(), LakeOptions(null), CancellationToken).ConfigureAwait(false);
        return _lake;
    }

    /// <summary>
    /// Opens the lake as a vault (TableVault's model); with <paramref name="create"/> an existing lake without a
    /// vault becomes one (a folder without a lake is still an error: create it with <c>strata init</c>).
    /// </summary>
    public async Task<Vault.Vault> OpenVaultAsync(bool create = false, bool restart = false)
    {
        if (_vault is not null) return _vault;
        if (_lake is not null) throw new InvalidOperationException("this command already opened the lake without its vault.");
        var path = Path.GetFullPath(LakePath());
        if (!File.Exists(Path.Combine(path, LakeMarkerFile)))
            throw new StrataNotFoundException($"{path} holds no lake; create one with 'strata init {path}'.");
        if (!create && !File.Exists(Path.Combine(path, VaultMarkerFile)))
            throw new StrataNotFoundException($"the lake at {path} holds no vault yet; make a vault table first with 'strata create TABLE' (no --from or --schema).");
        var options = new VaultOptions { Create = create, Restart = restart };
        var author = Parse.GetValue(_globals.Author);
        if (!string.IsNullOrWhiteSpace(author)) options = options with { Author = author };
        _vault = await Vault.Vault.OpenAsync(path, options, CancellationToken).ConfigureAwait(false);
        return _vault;
    }

    /// <summary>True when the lake folder holds a vault.</summary>
    public bool LakeIsVault() => File.Exists(Path.Combine(Path.GetFullPath(LakePath()), VaultMarkerFile));

    /// <summary>The vault's marker file under the lake root (its presence means the lake is a vault).</summary>
    internal const string VaultMarkerFile = "vault/vault.json";

    /// <summary>The lake's marker file (see docs/format.md).</summary>
    internal const string LakeMarkerFile = "_strata_lake.json";

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
        if (_vault is not null) await _vault.DisposeAsync().ConfigureAwait(false);
        _vault = null;
    }
}
