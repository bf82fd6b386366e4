namespace Strata.Compilation;

/// <summary>
/// How <see cref="CSharpCompiler"/> compiles. The language settings are fixed (latest C#, nullable enabled,
/// Release optimization); these options cover what differs between callers.
/// </summary>
public sealed record CompileOptions
{
    /// <summary>The defaults: no extra references, implicit usings on.</summary>
    public static CompileOptions Default { get; } = new();

    /// <summary>
    /// Paths of extra assemblies to reference, beyond the running shared framework and Strata (and Strata's own
    /// dependencies), which are always referenced. At load time these are resolved from the same paths.
    /// Relative paths are taken from the current directory.
    /// Default: none.
    /// </summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>
    /// Whether to add the implicit global usings: <c>System</c>, <c>System.Collections.Generic</c>,
    /// <c>System.Linq</c>, <c>System.Threading</c>, <c>System.Threading.Tasks</c>, <c>System.IO</c>,
    /// <c>System.Text</c>, <c>Strata</c> and <c>Strata.Data</c>. Default: true.
    /// </summary>
    public bool ImplicitUsings { get; init; } = true;
}
