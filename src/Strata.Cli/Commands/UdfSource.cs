using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Strata.Compilation;
using Strata.Udfs;

namespace Strata.Cli.Commands;

/// <summary>
/// The code behind <c>strata udf register</c>: reads a <c>.cs</c> file (compiled with Roslyn) or a prebuilt
/// <c>.dll</c>, and finds the UDF in it — the one named by <c>--method</c>, else the only public static
/// method, else the only public class implementing <see cref="IStatefulUdf"/>.
/// </summary>
internal static partial class UdfSource
{
    /// <summary>An assembly image and the UDF found in it, as <see cref="UdfRegistry.RegisterAssemblyAsync"/> takes them.</summary>
    /// <param name="Assembly">The image to store in the lake.</param>
    /// <param name="TypeName">The CLR full name of the declaring (or stateful) type.</param>
    /// <param name="MethodName">The static method, or null for a stateful class.</param>
    /// <param name="Source">The C# source, when the file was one.</param>
    /// <param name="Display">How to name the entry point to people, e.g. <c>Words.WordCount</c>.</param>
    internal sealed record Found(byte[] Assembly, string TypeName, string? MethodName, string? Source, string Display);

    /// <summary>Reads <paramref name="path"/> and finds the UDF in it.</summary>
    /// <exception cref="CliDetailedException">The C# file does not compile (one detail line per error).</exception>
    /// <exception cref="StrataException">The file is missing or not an assembly, or the UDF cannot be found in it.</exception>
    public static async Task<Found> ReadAsync(string path, string? method, CliConsole console, bool verbose, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".cs" or ".dll"))
            throw new CliUsageException($"--from '{path}' is neither a C# file (.cs) nor an assembly (.dll).");
        if (!File.Exists(full)) throw new StrataNotFoundException($"UDF file {full} does not exist.");
        return extension switch
        {
            ".cs" => await FromSourceAsync(path, full, method, console, verbose, ct).ConfigureAwait(false),
            _ => FromAssemblyFile(full, method),
        };
    }

    private static async Task<Found> FromSourceAsync(string path, string full, string? method, CliConsole console, bool verbose, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(full, ct).ConfigureAwait(false);
        // Diagnostics name the file as the user wrote it; the assembly is named after the file.
        var source = new SourceFile(path, text);
        var compiler = new CSharpCompiler();
        var result = await Output.StatusSpinner.RunAsync(console, $"compiling {path}",
            () => compiler.CompileAsync([source], AssemblyNameFor(full), null, ct)).ConfigureAwait(false);
        if (verbose)
        {
            foreach (var warning in result.Warnings) await console.Error.WriteLineAsync(warning.ToString()).ConfigureAwait(false);
        }
        if (!result.Success)
        {
            var count = result.Errors.Count == 1 ? "1 error" : $"{result.Errors.Count} errors";
            throw new CliDetailedException($"{path} does not compile ({count}); fix it and register again:",
                result.Errors.Select(e => e.ToString()).ToList());
        }
        var image = result.AssemblyBytes!;
        var context = new AssemblyLoadContext($"strata-cli-inspect:{Path.GetFileName(full)}", isCollectible: true);
        try
        {
            using var stream = new MemoryStream(image, writable: false);
            var assembly = context.LoadFromStream(stream);
            var (type, methodName, display) = Locate(assembly, method, Path.GetFileName(path));
            return new Found(image, type, methodName, text, display);
        }
        finally
        {
            context.Unload();
        }
    }

    private static Found FromAssemblyFile(string full, string? method)
    {
        var image = File.ReadAllBytes(full);
        var assembly = AssemblyLoader.LoadAssemblyFile(full);
        try
        {
            var (type, methodName, display) = Locate(assembly, method, Path.GetFileName(full));
            return new Found(image, type, methodName, null, display);
        }
        finally
        {
            if (AssemblyLoadContext.GetLoadContext(assembly) is { IsCollectible: true } context) context.Unload();
        }
    }

    /// <summary>The UDF's type (CLR full name), method (null for a stateful class) and display name.</summary>
    internal static (string TypeName, string? MethodName, string Display) Locate(Assembly assembly, string? method, string file)
    {
        if (!string.IsNullOrWhiteSpace(method)) return LocateNamed(assembly, method.Trim());

        var statics = AssemblyDiscovery.PublicStaticMethods(assembly);
        var stateful = AssemblyDiscovery.PublicClasses(assembly).Where(IsStateful).ToList();
        var methods = statics.Select(Display).Distinct(StringComparer.Ordinal).ToList();
        switch (methods.Count + stateful.Count)
        {
            case 0:
                throw new StrataInvalidInputException(
                    $"{file} holds no UDF: no public static method of a public class (e.g. public static class Words " +
                    "{ public static int WordCount(string text) => ...; }) and no public class implementing Strata.Udfs.IStatefulUdf.");
            case 1:
                // One method name may still be overloaded: the library's message says so.
                return stateful.Count == 1 ? Of(stateful[0]) : Of(AssemblyDiscovery.FindMethod(assembly, null));
        }
        if (stateful.Count == 0)
        {
            throw new StrataInvalidInputException(
                $"{file} has {methods.Count} public static methods ({List(methods)}); pass --method Type.Method to choose one.");
        }
        var candidates = methods.Concat(stateful.Select(t => $"{Display(t)} (stateful)")).ToList();
        throw new StrataInvalidInputException(
            $"{file} has {candidates.Count} possible UDFs ({List(candidates)}); " +
            "pass --method Type.Method to choose a static method, or --method Type for a stateful class.");
    }

    private static string List(IReadOnlyList<string> names) =>
        names.Count <= 20 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(20))} and {names.Count - 20} more";

    private static (string, string?, string) LocateNamed(Assembly assembly, string name)
    {
        StrataInvalidInputException notAMethod;
        try
        {
            return Of(AssemblyDiscovery.FindMethod(assembly, name));
        }
        catch (StrataInvalidInputException e)
        {
            notAMethod = e;
        }
        // "--method Type" (or Namespace.Type) names a stateful class.
        Type? type = null;
        try
        {
            type = AssemblyDiscovery.FindClass(assembly, name);
        }
        catch (StrataInvalidInputException)
        {
            // Not a class either: the method lookup's message lists what the assembly has.
        }
        if (type is not null && IsStateful(type)) return Of(type);
        if (type is null) ExceptionDispatchInfo.Throw(notAMethod);
        throw new StrataInvalidInputException(
            $"{Display(type)} is not a stateful UDF (it does not implement Strata.Udfs.IStatefulUdf); " +
            "name a public static method as --method Type.Method instead.");
    }

    private static (string, string?, string) Of(MethodInfo method) =>
        (method.DeclaringType!.FullName!, method.Name, Display(method));

    private static (string, string?, string) Of(Type type) => (type.FullName!, null, Display(type));

    private static bool IsStateful(Type type) => typeof(IStatefulUdf).IsAssignableFrom(type);

    private static string Display(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string Display(MethodInfo method) => $"{Display(method.DeclaringType!)}.{method.Name}";

    /// <summary>The assembly's simple name: the file name, kept to letters, digits, '_', '-' and '.'.</summary>
    internal static string AssemblyNameFor(string file)
    {
        var name = UnsafeCharacters().Replace(Path.GetFileNameWithoutExtension(file), "_").Trim('.');
        return name.Length == 0 ? "udf" : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeCharacters();
}
