namespace Strata.Udfs;

/// <summary>
/// How a UDF's failures are handled: retry some exceptions with backoff, then fail the job or skip
/// the row. The default is fail fast with no retries.
/// </summary>
public sealed record ErrorPolicy
{
    /// <summary>After retries: fail the job or skip the row. Default <see cref="ErrorMode.FailFast"/>.</summary>
    public ErrorMode Mode { get; init; } = ErrorMode.FailFast;

    /// <summary>Total attempts per row including the first (1 = no retry). Default 1.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Backoff shape. Default exponential.</summary>
    public BackoffKind Backoff { get; init; } = BackoffKind.Exponential;

    /// <summary>Base delay between attempts. Default 100 ms.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Randomize delays (±25 %) so that many workers do not retry in lockstep. Default true.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>Exception types that are retried (and their subclasses); empty = every exception. Default empty.</summary>
    public IReadOnlyList<Type> RetryOn { get; init; } = [];

    /// <summary>Fail fast, no retries.</summary>
    public static ErrorPolicy FailFast { get; } = new();

    /// <summary>Skip failing rows (null + recorded error), no retries.</summary>
    public static ErrorPolicy Skip { get; } = new() { Mode = ErrorMode.Skip };

    /// <summary>Retry up to <paramref name="attempts"/> attempts, then fail or skip.</summary>
    public static ErrorPolicy Retry(int attempts, BackoffKind backoff = BackoffKind.Exponential, TimeSpan? delay = null,
        ErrorMode then = ErrorMode.FailFast, params Type[] retryOn) => new()
    {
        MaxAttempts = attempts,
        Backoff = backoff,
        Delay = delay ?? TimeSpan.FromMilliseconds(100),
        Mode = then,
        RetryOn = retryOn,
    };

    /// <summary>Whether an exception may be retried.</summary>
    public bool IsRetryable(Exception e) => RetryOn.Count == 0 || RetryOn.Any(t => t.IsInstanceOfType(e));

    internal ErrorPolicy Validate()
    {
        if (MaxAttempts < 1) throw new StrataInvalidInputException("ErrorPolicy.MaxAttempts must be at least 1.");
        if (Delay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero) throw new StrataInvalidInputException("ErrorPolicy delays must not be negative.");
        return this;
    }

    internal string Describe() =>
        $"{Mode}{(MaxAttempts > 1 ? $", {MaxAttempts} attempts, {Backoff} backoff from {Delay.TotalMilliseconds:0} ms{(Jitter ? " with jitter" : "")}" : "")}"
        + (RetryOn.Count > 0 ? $", retry on {string.Join("/", RetryOn.Select(t => t.Name))}" : "");
}
