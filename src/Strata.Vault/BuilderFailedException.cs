namespace Strata.Vault;

/// <summary>A builder's function threw: the message names the builder file, line and function; the original error is the inner exception.</summary>
public sealed class BuilderFailedException : StrataException
{
    /// <summary>Creates the exception.</summary>
    public BuilderFailedException(string message, Exception? inner) : base(message, inner) { }
}
