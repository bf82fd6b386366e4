using Strata.Data;

namespace Strata.Cli.Demo;

/// <summary>Deterministic sample data for <c>strata demo</c>: documents with a category and an 8-float embedding, and a category lookup table.</summary>
internal static class DemoData
{
    /// <summary>Length of the demo embeddings.</summary>
    public const int Dimensions = 8;

    /// <summary>The demo's categories.</summary>
    public static readonly string[] Categories = ["science", "history", "art", "sports", "tech"];

    private static readonly string[] s_words =
    [
        "lake", "table", "version", "column", "river", "stone", "layer", "signal", "vector", "north", "quiet", "bright",
        "archive", "engine", "field", "pattern", "harbor", "summit", "ledger", "window", "garden", "orbit", "canvas", "market",
    ];

    /// <summary>The schema of the <c>docs</c> table.</summary>
    public static Schema DocsSchema { get; } = Schema.Parse($"id int64, title string, body string, category string, embedding float[{Dimensions}]");

    /// <summary>Documents with the given ids; titles start with <paramref name="titlePrefix"/>. The same id always gives the same body and embedding.</summary>
    public static RecordBatch Docs(IReadOnlyList<long> ids, string titlePrefix = "Doc")
    {
        var titles = new string?[ids.Count];
        var bodies = new string?[ids.Count];
        var categories = new string?[ids.Count];
        var embeddings = new object?[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var random = new Random(unchecked((int)ids[i] * 7919 + 17));
            titles[i] = $"{titlePrefix} {ids[i]}: {Word(random)} {Word(random)}";
            bodies[i] = string.Join(' ', Enumerable.Range(0, 8 + random.Next(40)).Select(_ => Word(random))) + ".";
            categories[i] = Categories[random.Next(Categories.Length)];
            var vector = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++) vector[d] = MathF.Round((float)(random.NextDouble() * 2 - 1), 4);
            embeddings[i] = vector;
        }
        return new RecordBatch(DocsSchema,
        [
            Column.From(ids.ToArray()),
            Column.From(titles),
            Column.From(bodies),
            Column.From(categories),
            Column.FromValues(DocsSchema["embedding"].Type, embeddings),
        ]);
    }

    /// <summary>Ids <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    public static IReadOnlyList<long> Range(long start, int count) => Enumerable.Range(0, count).Select(i => start + i).ToList();

    /// <summary>The <c>categories</c> lookup table: category, label, weight.</summary>
    public static RecordBatch CategoryTable() => new(
        ("category", Column.From(Categories.Select(c => (string?)c).ToArray())),
        ("label", Column.From(new string?[] { "Science", "History", "Art & Design", "Sports", "Technology" })),
        ("weight", Column.From(new[] { 1.0, 0.8, 0.6, 0.5, 1.2 })));

    private static string Word(Random random) => s_words[random.Next(s_words.Length)];
}
