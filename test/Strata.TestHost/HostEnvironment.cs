namespace Strata.TestHost;

/// <summary>Environment variables the host reads (set by the tests that start it).</summary>
public static class HostEnvironment
{
    /// <summary>A file whose appearance starts the host's work after it printed <c>ready</c>, so racing hosts begin together.</summary>
    public const string StartFileVariable = "STRATA_HOST_START_FILE";

    /// <summary>Backfill mode: microseconds each UDF call takes on top of its work (so random kills land mid-work).</summary>
    public const string CallDelayVariable = "STRATA_HOST_CALL_DELAY_US";

    /// <summary>Backfill mode: where the host stops for good, announcing it, so a kill lands exactly there (see <c>HostStall</c>).</summary>
    public const string StallVariable = "STRATA_HOST_STALL";
}
