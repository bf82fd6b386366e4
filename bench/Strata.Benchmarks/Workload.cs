using System.Text;
using Strata.Data;

namespace Strata.Benchmarks;

/// <summary>
/// The benchmark's rows: (id int64, category string of 100 values, value double in [0,1), text string of
/// ~40 chars, emb float[64]), generated once from a fixed seed, column by column, in batches of
/// <see cref="BatchRows"/> rows. Strata and the DuckDB baselines are fed the very same batch objects.
/// </summary>
internal sealed class Workload
{
    public const int BatchRows = 65_536;
    public const int Dimensions = 64;
    public const int Categories = 100;

    private static readonly string[] CategoryNames = Enumerable.Range(0, Categories).Select(i => "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static readonly string[] Words =
    [
        "lake", "table", "version", "parquet", "column", "fragment", "manifest", "commit", "vector", "query",
        "river", "stone", "amber", "delta", "north", "quiet", "rapid", "silver", "orbit", "meadow",
        "cedar", "ember", "harbor", "lumen", "pixel", "quartz", "saffron", "tundra", "velvet", "willow",
        "zenith", "alpha", "bravo", "cobalt", "dune", "fable", "garnet", "hollow", "indigo", "jasper",
    ];

    public static Schema Schema { get; } = new(
    [
        new Field("id", DataType.Int64),
        new Field("category", DataType.String),
        new Field("value", DataType.Float64),
        new Field("text", DataType.String),
        new Field("emb", DataType.FixedSizeList(DataType.Float32, Dimensions)),
    ]);

    private Workload(IReadOnlyList<RecordBatch> batches, int rows)
    {
        Batches = batches;
        Rows = rows;
    }

    /// <summary>All rows, in batches of <see cref="BatchRows"/> (the last may be shorter).</summary>
    public IReadOnlyList<RecordBatch> Batches { get; }

    /// <summary>Total rows.</summary>
    public int Rows { get; }

    /// <summary>Generates <paramref name="rows"/> rows from the seed.</summary>
    public static Workload Generate(int rows, int seed = 42)
    {
        var random = new Random(seed);
        var batches = new List<RecordBatch>();
        for (var start = 0; start < rows; start += BatchRows)
            batches.Add(MakeBatch(random, start, Math.Min(BatchRows, rows - start)));
        return new Workload(batches, rows);
    }

    /// <summary><paramref name="count"/> consecutive rows starting at <paramref name="offset"/> (wrapping around the end).</summary>
    public RecordBatch Slice(int offset, int count)
    {
        offset %= Rows;
        var batch = Batches[offset / BatchRows];
        var within = offset % BatchRows;
        if (within + count <= batch.RowCount) return batch.Slice(within, count);
        var first = batch.Slice(within, batch.RowCount - within);
        return RecordBatch.Concat([first, Slice(offset + first.RowCount, count - first.RowCount)]);
    }

    private static RecordBatch MakeBatch(Random random, int start, int count)
    {
        var ids = new long[count];
        var categories = new string?[count];
        var values = new double[count];
        var texts = new string?[count];
        var emb = new float[count * Dimensions];
        var sb = new StringBuilder(64);
        for (var i = 0; i < count; i++)
        {
            ids[i] = start + i;
            categories[i] = CategoryNames[random.Next(Categories)];
            values[i] = random.NextDouble();
            texts[i] = Text(random, sb);
        }
        for (var i = 0; i < emb.Length; i++) emb[i] = (float)(random.NextDouble() * 2 - 1);
        return new RecordBatch(Schema,
        [
            new PrimitiveColumn<long>(DataType.Int64, ids, count, null),
            Column.From(categories),
            new PrimitiveColumn<double>(DataType.Float64, values, count, null),
            Column.From(texts),
            new FixedSizeListColumn(Schema[4].Type, Column.From(emb), count, null),
        ]);
    }

    /// <summary>Words joined by spaces, about 40 characters (no commas or quotes, so it is CSV-safe as is).</summary>
    public static string Text(Random random, StringBuilder sb)
    {
        sb.Clear();
        while (sb.Length < 36)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(Words[random.Next(Words.Length)]);
        }
        return sb.ToString();
    }

    /// <summary>A category name.</summary>
    public static string Category(int i) => CategoryNames[i % Categories];
}
