namespace Strata;

/// <summary>The root of every error Strata raises on purpose. Catch this to handle any Strata failure.</summary>
public class StrataException : Exception
{
    /// <summary>Creates an exception with a message that says what went wrong and what to do.</summary>
    public StrataException(string message) : base(message) { }

    /// <summary>Creates an exception that wraps the original cause.</summary>
    public StrataException(string message, Exception? inner) : base(message, inner) { }
}
