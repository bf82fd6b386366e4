using Strata.Udfs;

namespace Strata.Examples.Documents;

/// <summary>A stateful UDF: its stop-word "model" is loaded once per worker in <see cref="Setup"/>.</summary>
public sealed class LanguageGuesser : IStatefulUdf
{
    private Dictionary<string, string> _stopWords = [];

    /// <summary>How many times any worker set one up (to show it happens once per worker).</summary>
    public static int Setups;

    public void Setup()
    {
        Interlocked.Increment(ref Setups);
        _stopWords = new Dictionary<string, string>
        {
            ["the"] = "en", ["and"] = "en", ["of"] = "en",
            ["le"] = "fr", ["de"] = "fr", ["et"] = "fr", ["des"] = "fr",
            ["der"] = "de", ["und"] = "de", ["die"] = "de",
        };
    }

    public string Call(string body) =>
        body.Split(' ').Select(w => _stopWords.GetValueOrDefault(w)).Where(l => l is not null)
            .GroupBy(l => l).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "unknown";

    public void Dispose() => _stopWords.Clear();
}
