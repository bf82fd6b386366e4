namespace Strata.Vault.Instances;

/// <summary>Checks of artifact paths (relative to an artifact folder).</summary>
internal static class ArtifactPaths
{
    /// <summary>True when <paramref name="relative"/> is a relative path that stays inside its folder.</summary>
    public static bool IsInside(string relative)
    {
        if (Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal)) return false;
        var root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "artifact-root-check"));
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
