using Strata.Tests.TestSupport;
using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>A vault in a fresh temporary folder (plus a scratch folder outside it), deleted on dispose.</summary>
public sealed class TempVault : IAsyncDisposable
{
    private TempVault(string folder, string outside, Strata.Vault.Vault vault)
    {
        Folder = folder;
        Outside = outside;
        Vault = vault;
    }

    public string Folder { get; }

    /// <summary>A folder outside the vault for input files and call counters.</summary>
    public string Outside { get; }
    public Strata.Vault.Vault Vault { get; private set; }

    public static async Task<TempVault> CreateAsync(VaultOptions? options = null)
    {
        var root = TempLake.NewFolder();
        var folder = Path.Combine(root, "vault");
        var outside = Path.Combine(root, "outside");
        Directory.CreateDirectory(outside);
        var vault = await Strata.Vault.Vault.OpenAsync(folder, (options ?? new VaultOptions()) with { Author = "tests", Create = true });
        return new TempVault(folder, outside, vault);
    }

    public async Task ReopenAsync(VaultOptions? options = null)
    {
        await Vault.DisposeAsync();
        Vault = await Strata.Vault.Vault.OpenAsync(Folder, (options ?? new VaultOptions()) with { Author = "tests" });
    }

    /// <summary>Lines of a call-counter file written by the test modules.</summary>
    public int Calls(string what)
    {
        var file = Path.Combine(Outside, "calls.txt");
        return File.Exists(file) ? File.ReadAllLines(file).Count(l => l == what) : 0;
    }

    public string Counter => Path.Combine(Outside, "calls.txt");

    public void ResetCalls()
    {
        var file = Path.Combine(Outside, "calls.txt");
        if (File.Exists(file)) File.Delete(file);
    }

    /// <summary>Every file of the vault with its hash, except the lock table (outside the undo journal by design; tests check locks with Locks.List()).</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var all = TempLake.Snapshot(Folder);
        foreach (var k in all.Keys.Where(k => k.StartsWith("vault/locks/", StringComparison.Ordinal)).ToList()) all.Remove(k);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await Vault.DisposeAsync();
        try { Directory.Delete(Path.GetDirectoryName(Folder)!, recursive: true); }
        catch (IOException) { }
    }
}
