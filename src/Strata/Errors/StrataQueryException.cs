namespace Strata;

/// <summary>The SQL engine rejected a query or failed while running it.</summary>
public sealed class StrataQueryException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataQueryException(string message, Exception? inner = null) : base(message, inner) { }
}
