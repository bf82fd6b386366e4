using System.Reflection;
using System.Runtime.ExceptionServices;
using Strata.Compilation;

namespace Strata.Tests.Compilation;

/// <summary>Helpers shared by the compilation tests: compile-and-load in one call, temporary folders.</summary>
internal static class Compile
{
    public static readonly CSharpCompiler Compiler = new();

    public static SourceFile[] One(string text, string path = "udf.cs") => [new SourceFile(path, text)];

    public static CompileResult Result(string text, string path = "udf.cs", string assemblyName = "udf", CompileOptions? options = null) =>
        Compiler.Compile(One(text, path), assemblyName, options);

    /// <summary>Compiles (throwing on errors) and loads the image through a fresh memory-only cache.</summary>
    public static Assembly Load(string text, string assemblyName = "udf") =>
        new CompiledAssemblyCache().LoadOrCompile(One(text), assemblyName);

    public static object? Invoke(MethodInfo method, params object?[] args)
    {
        try
        {
            return method.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = TestSupport.TempLake.NewFolder();

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
