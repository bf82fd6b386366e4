namespace Strata;

/// <summary>A table, version, tag, column, job or other named thing does not exist.</summary>
public sealed class StrataNotFoundException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataNotFoundException(string message) : base(message) { }
}
