using System.Text;

namespace Strata.Compilation;

/// <summary>
/// User C# source did not compile. The message lists the first errors as <c>file(line,col): message</c>;
/// <see cref="Errors"/> has all of them. (Derives from <see cref="StrataException"/> because Strata's
/// invalid-input exception is sealed; catch <see cref="StrataException"/> to handle every Strata failure.)
/// </summary>
public sealed class CompilationFailedException : StrataException
{
    private const int ErrorsInMessage = 5;

    internal CompilationFailedException(string assemblyName, IReadOnlyList<CompileDiagnostic> errors)
        : base(FormatMessage(assemblyName, errors))
    {
        AssemblyName = assemblyName;
        Errors = errors;
    }

    /// <summary>The name of the assembly that failed to compile.</summary>
    public string AssemblyName { get; }

    /// <summary>Every error the compiler reported.</summary>
    public IReadOnlyList<CompileDiagnostic> Errors { get; }

    private static string FormatMessage(string assemblyName, IReadOnlyList<CompileDiagnostic> errors)
    {
        var text = new StringBuilder();
        text.Append("C# code '").Append(assemblyName).Append("' does not compile (")
            .Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors").Append("); fix the source and try again:");
        foreach (var error in errors.Take(ErrorsInMessage))
            text.AppendLine().Append("  ").Append(error.ToShortString());
        if (errors.Count > ErrorsInMessage)
            text.AppendLine().Append("  ... and ").Append(errors.Count - ErrorsInMessage).Append(" more.");
        return text.ToString();
    }
}
