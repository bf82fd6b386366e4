using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Strata.Cli;

/// <summary>Prints <c>strata</c>'s informational version for <c>--version</c> (the tool's own assembly, also when run in-process).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The assembly's informational version (e.g. <c>0.1.0+commit</c>).</summary>
    public static string Version { get; } =
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
