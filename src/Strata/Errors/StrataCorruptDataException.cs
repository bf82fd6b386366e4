namespace Strata;

/// <summary>A file of the lake is corrupt, truncated or of an unknown format version.</summary>
public sealed class StrataCorruptDataException : StrataException
{
    /// <summary>Creates the exception naming the file.</summary>
    public StrataCorruptDataException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner) => Path = path;

    /// <summary>The lake-relative path of the offending file.</summary>
    public string Path { get; }
}
