using Strata.Tests.TestSupport;

namespace Strata.Tests.Vault;

/// <summary>A fresh lock folder under a temporary directory, deleted on dispose.</summary>
internal sealed class LocksTestFolder : IDisposable
{
    public LocksTestFolder()
    {
        Root = TempLake.NewFolder();
        Path = System.IO.Path.Combine(Root, "vault", "locks");
    }

    public string Root { get; }
    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
