namespace Strata.TestHost;

/// <summary>Environment variables the host reads (set by the tests that start it).</summary>
public static class HostEnvironment
{
    /// <summary>A file whose appearance starts the host's work after it printed <c>ready</c>, so racing hosts begin together.</summary>
    public const string StartFileVariable = "STRATA_HOST_START_FILE";
}
