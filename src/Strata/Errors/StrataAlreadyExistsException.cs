namespace Strata;

/// <summary>A thing with that name already exists (create without overwrite or exist_ok).</summary>
public sealed class StrataAlreadyExistsException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public StrataAlreadyExistsException(string message) : base(message) { }
}
