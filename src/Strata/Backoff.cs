namespace Strata;

/// <summary>Short randomized waits between commit retries, growing with the attempt number.</summary>
internal static class Backoff
{
    public static Task DelayAsync(int attempt, CancellationToken ct)
    {
        var maxMs = Math.Min(2 + attempt * 3, 100);
        return Task.Delay(Random.Shared.Next(1, maxMs + 1), ct);
    }
}
