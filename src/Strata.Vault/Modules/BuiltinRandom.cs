namespace Strata.Vault.Modules;

/// <summary>Built-in module <c>builtin_random</c>: random strings (for tests and templates).</summary>
public static class BuiltinRandom
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><paramref name="count"/> strings of <paramref name="length"/> characters from a seeded generator (the same seed gives the same strings).</summary>
    public static IReadOnlyList<string> Strings(int count, int length, int seed = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Make(random, length)).ToList();
    }

    /// <summary>One random string of <paramref name="length"/> characters (row-wise).</summary>
    public static string RandomString(int length) => Make(Random.Shared, length);

    private static string Make(Random random, int length) =>
        new(Enumerable.Range(0, Math.Max(0, length)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
}
