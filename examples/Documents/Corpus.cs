using Strata.Data;

namespace Strata.Examples.Documents;

/// <summary>Generates documents in three languages.</summary>
internal static class Corpus
{
    private static readonly string[][] Words =
    [
        ["the", "data", "lake", "keeps", "every", "version", "and", "column", "of", "tables"],
        ["le", "lac", "de", "données", "garde", "chaque", "version", "et", "colonne", "des"],
        ["der", "datensee", "bewahrt", "jede", "version", "und", "spalte", "aller", "tabellen", "die"],
    ];

    public static RecordBatch Generate(int n)
    {
        var random = new Random(42);
        var ids = new long[n];
        var titles = new string?[n];
        var bodies = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var words = Words[i % 3];
            ids[i] = i;
            titles[i] = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} #{i}";
            bodies[i] = string.Join(' ', Enumerable.Range(0, 5 + random.Next(30)).Select(_ => words[random.Next(words.Length)]));
        }
        return new RecordBatch(("id", Column.From(ids)), ("title", Column.From(titles)), ("body", Column.From(bodies)));
    }
}
