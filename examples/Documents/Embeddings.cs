namespace Strata.Examples.Documents;

/// <summary>An embedding-like vector: a normalized bag of hashed character trigrams.</summary>
internal static class Embeddings
{
    public static float[] Of(string text)
    {
        var v = new float[16];
        for (var i = 0; i + 3 <= text.Length; i++) v[(int)((uint)string.GetHashCode(text.AsSpan(i, 3), StringComparison.Ordinal) % 16)] += 1;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }
}
