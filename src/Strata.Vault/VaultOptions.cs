namespace Strata.Vault;

/// <summary>Settings of an opened vault. Every value has a documented default and is validated once at open.</summary>
public sealed record VaultOptions
{
    /// <summary>Who makes the changes; recorded in every instance and process. Default: the OS user name.</summary>
    public string Author { get; init; } = Environment.UserName is { Length: > 0 } u ? u : "unknown";

    /// <summary>Description stored when the vault is created (with <see cref="Create"/>).</summary>
    public string? Description { get; init; }

    /// <summary>Create the vault (and its lake) when the folder holds none. Default false: opening a folder without a vault fails.</summary>
    public bool Create { get; init; }

    /// <summary>Resume every paused or interrupted process when the vault opens (TableVault's <c>restart</c>). Default false.</summary>
    public bool Restart { get; init; }

    /// <summary>How long a conflicting lock request waits before it fails with a lock error. Default 2 seconds.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Row-wise results are written to the process's durable row log (and handed to the OS) every this many rows, so a
    /// killed process loses at most this many finished rows plus those in flight. Default 1 (one write per row, the
    /// strict guarantee; each write costs a system call, about 25 µs here, which dominates builders that take
    /// microseconds — raise it for those, e.g. to 1,000, at the price of redoing up to that many rows after a kill).
    /// </summary>
    public int RowLogBatchSize { get; init; } = 1;

    /// <summary>
    /// The command that runs a background process: the executable and the arguments before
    /// <c>process resume &lt;id&gt; --lake &lt;path&gt;</c>. Default: <c>dotnet Strata.Cli.dll</c> next to this assembly.
    /// </summary>
    public IReadOnlyList<string>? BackgroundCommand { get; init; }

    /// <summary>
    /// Test hook: called with the name of every process step (<c>operation/step</c>) before it runs; returning true
    /// makes the step fail with an injected error. Null (the default) injects nothing.
    /// </summary>
    public Func<string, bool>? FailAtStep { get; init; }

    /// <summary>Lake settings used to open (or create) the lake under the vault; the vault's author overrides theirs.</summary>
    public LakeOptions? Lake { get; init; }

    internal VaultOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Author)) throw new StrataInvalidInputException("VaultOptions.Author must not be empty.");
        if (LockWait < TimeSpan.Zero) throw new StrataInvalidInputException("VaultOptions.LockWait must not be negative.");
        if (RowLogBatchSize < 1) throw new StrataInvalidInputException("VaultOptions.RowLogBatchSize must be at least 1.");
        return this;
    }
}
