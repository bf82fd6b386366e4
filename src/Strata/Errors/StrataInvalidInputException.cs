namespace Strata;

/// <summary>Input given by a caller is not acceptable: a bad name, path, SQL, schema or value.</summary>
public sealed class StrataInvalidInputException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataInvalidInputException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public StrataInvalidInputException(string message, Exception? inner) : base(message, inner) { }
}
