using System.Globalization;
using System.Text.RegularExpressions;

namespace Strata.Jobs;

/// <summary>Job ids: generated ones sort by creation time; user-supplied ones are kept to a safe alphabet.</summary>
internal static partial class JobIds
{
    /// <summary>Longest accepted job id.</summary>
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex Pattern();

    /// <summary>A new id such as <c>job-20250101-120000-a1b2c3</c> (UTC time, then 6 random hex digits).</summary>
    public static string New() =>
        "job-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Ids.Random(3);

    /// <summary>Checks a job id: letters, digits, '-' and '_' (not first), at most <see cref="MaxLength"/> characters.</summary>
    /// <exception cref="StrataInvalidInputException">The id is not acceptable; the message says why.</exception>
    public static string Validate(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId)) throw new StrataInvalidInputException("the job id is empty; give an id or use Lake.NewJobId().");
        if (jobId.Length > MaxLength)
            throw new StrataInvalidInputException($"the job id is {jobId.Length} characters long; the limit is {MaxLength}.");
        if (!Pattern().IsMatch(jobId))
            throw new StrataInvalidInputException(
                $"job id '{Data.Names.Printable(jobId)}' is not valid: use a letter or digit first, then letters, digits, '-' or '_'.");
        return jobId;
    }
}
