namespace Strata;

/// <summary>A write was attempted on something opened read-only (a past version, a snapshot).</summary>
public sealed class StrataReadOnlyException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataReadOnlyException(string message) : base(message) { }
}
