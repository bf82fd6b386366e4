namespace Strata.Compilation;

/// <summary>One error or warning the C# compiler reported.</summary>
/// <param name="File">The <see cref="SourceFile.Path"/> it is in; empty when the diagnostic has no location.</param>
/// <param name="Line">1-based line; 0 when the diagnostic has no location.</param>
/// <param name="Column">1-based column; 0 when the diagnostic has no location.</param>
/// <param name="Id">The compiler's identifier, such as <c>CS1002</c>.</param>
/// <param name="Message">The compiler's message, such as <c>; expected</c>.</param>
/// <param name="IsError">True for an error, false for a warning.</param>
public sealed record CompileDiagnostic(string File, int Line, int Column, string Id, string Message, bool IsError)
{
    /// <summary>The diagnostic as compilers print it: <c>file.cs(3,14): error CS1002: ; expected</c>.</summary>
    public override string ToString()
    {
        var severity = IsError ? "error" : "warning";
        return File.Length == 0
            ? $"{severity} {Id}: {Message}"
            : $"{File}({Line},{Column}): {severity} {Id}: {Message}";
    }

    /// <summary>The short form used in exception messages: <c>file.cs(3,14): ; expected</c>.</summary>
    internal string ToShortString() =>
        File.Length == 0 ? $"{Id}: {Message}" : $"{File}({Line},{Column}): {Message}";
}
