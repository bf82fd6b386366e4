namespace Strata;

/// <summary>A concurrent commit changed what this operation depended on; re-read and retry.</summary>
public sealed class StrataConflictException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataConflictException(string message) : base(message) { }
}
