namespace Strata.Storage;

/// <summary>Checks lake-relative paths: the last line of defence against escaping the lake's root.</summary>
public static class StoragePath
{
    /// <summary>Returns the path if it is a safe relative path: '/'-separated segments of [A-Za-z0-9._-], no '.' or '..'.</summary>
    /// <exception cref="StrataInvalidInputException">The path is empty, absolute, or contains unsafe segments.</exception>
    public static string Validate(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1024)
            throw new StrataInvalidInputException($"storage path '{path}' is empty or too long.");
        if (path[0] == '/' || path[^1] == '/')
            throw new StrataInvalidInputException($"storage path '{path}' must be relative and name a file.");
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
                throw new StrataInvalidInputException($"storage path '{path}' has an empty, '.' or '..' segment.");
            foreach (var c in segment)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                    throw new StrataInvalidInputException($"storage path '{path}' contains the character '{c}'; only letters, digits, '.', '_', '-' and '/' are allowed.");
        }
        return path;
    }

    /// <summary>Validates a folder prefix (may be empty for the root).</summary>
    public static string ValidatePrefix(string prefix)
    {
        var p = prefix.TrimEnd('/');
        return p.Length == 0 ? "" : Validate(p);
    }

    /// <summary>Joins segments with '/'.</summary>
    public static string Combine(params string[] segments) => string.Join('/', segments.Where(s => s.Length > 0));
}
