using System.Reflection;

namespace Strata.Compilation;

/// <summary>Loads user code that was built outside Strata (a prebuilt <c>.dll</c>).</summary>
public static class AssemblyLoader
{
    /// <summary>
    /// Loads a prebuilt assembly into a collectible load context of its own, so two versions of a same-named
    /// assembly can be loaded side by side. Its dependencies resolve from its <c>.deps.json</c> and folder, except
    /// the shared framework, Strata and Strata's dependencies, which are always the host's (see the remarks).
    /// Each call loads a fresh copy; callers that load the same file repeatedly should keep the result.
    /// </summary>
    /// <remarks>
    /// Sharing Strata means a user assembly built against Strata sees the host's <c>RecordBatch</c> type, even if a
    /// copy of <c>Strata.dll</c> sits next to it.
    /// </remarks>
    /// <param name="path">The assembly file.</param>
    /// <returns>The loaded assembly.</returns>
    /// <exception cref="StrataNotFoundException">The file does not exist.</exception>
    /// <exception cref="StrataInvalidInputException">The file is not a loadable .NET assembly; the message names it.</exception>
    public static Assembly LoadAssemblyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new StrataInvalidInputException($"'{path}' is not a valid file path.", e);
        }
        if (!File.Exists(full)) throw new StrataNotFoundException($"assembly file {full} does not exist.");

        var context = new StrataLoadContext($"Strata.User:{Path.GetFileName(full)}", [], full);
        try
        {
            return context.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException e)
        {
            context.Unload();
            throw new StrataInvalidInputException($"{full} is not a .NET assembly that can be loaded: {e.Message}", e);
        }
        catch (FileLoadException e)
        {
            context.Unload();
            throw new StrataInvalidInputException($"{full} could not be loaded: {e.Message}", e);
        }
    }
}
