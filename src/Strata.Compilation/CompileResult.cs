namespace Strata.Compilation;

/// <summary>What <see cref="CSharpCompiler.Compile"/> produced: the assembly image or the errors, and the warnings.</summary>
public sealed class CompileResult
{
    internal CompileResult(
        string assemblyName,
        string sourceHash,
        byte[]? assemblyBytes,
        IReadOnlyList<CompileDiagnostic> errors,
        IReadOnlyList<CompileDiagnostic> warnings)
    {
        AssemblyName = assemblyName;
        SourceHash = sourceHash;
        AssemblyBytes = assemblyBytes;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>True when the sources compiled: <see cref="AssemblyBytes"/> is set and <see cref="Errors"/> is empty.</summary>
    public bool Success => AssemblyBytes is not null;

    /// <summary>The name the assembly was given.</summary>
    public string AssemblyName { get; }

    /// <summary>The PE image (with an embedded portable PDB and the sources, for line numbers in stack traces); null on failure.</summary>
    public byte[]? AssemblyBytes { get; }

    /// <summary>The sources' hash; see <see cref="CSharpCompiler.ComputeSourceHash"/>.</summary>
    public string SourceHash { get; }

    /// <summary>The compiler's errors, in source order; empty on success.</summary>
    public IReadOnlyList<CompileDiagnostic> Errors { get; }

    /// <summary>The compiler's warnings, in source order. Warnings never fail a compilation.</summary>
    public IReadOnlyList<CompileDiagnostic> Warnings { get; }

    /// <summary>Throws when the compilation failed; returns this result otherwise.</summary>
    /// <exception cref="CompilationFailedException">The sources did not compile; the message lists the first errors.</exception>
    public CompileResult ThrowIfFailed() =>
        Success ? this : throw new CompilationFailedException(AssemblyName, Errors);
}
