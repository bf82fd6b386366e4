namespace Strata.Examples.Documents;

/// <summary>A stand-in for a remote service: some calls time out once (retried), a few rows always fail (skipped) until healed.</summary>
internal static class Flaky
{
    private static int _healed;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> Attempts = new();

    public static void Heal() => Interlocked.Exchange(ref _healed, 1);

    public static double Sentiment(string body, long id)
    {
        var attempt = Attempts.AddOrUpdate(id, 1, (_, a) => a + 1);
        if (id % 97 == 0 && attempt == 1) throw new TimeoutException($"service timed out for document {id}");
        if (id % 1000 == 999 && Volatile.Read(ref _healed) == 0) throw new InvalidOperationException($"document {id} cannot be scored");
        return body.Count(c => c == 'e') / (double)Math.Max(1, body.Length);
    }
}
