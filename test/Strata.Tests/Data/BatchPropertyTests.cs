using System.Collections;
using Strata.Data;

namespace Strata.Tests.Data;

/// <summary>
/// Property-style checks over random batches (seeded, so failures reproduce): slicing, concatenating,
/// taking and round-tripping through rows and records keep every value.
/// </summary>
public sealed class BatchPropertyTests
{
    private static readonly DataType[] Types =
    [
        DataType.Boolean, DataType.Int32, DataType.Int64, DataType.Float64, DataType.Float32, DataType.String, DataType.Binary,
        DataType.Date, DataType.Timestamp, DataType.Decimal(10, 2), DataType.UInt8,
        DataType.Parse("list<int64>"), DataType.Parse("float[3]"), DataType.Parse("struct<a int32, b string>"),
        DataType.Parse("list<struct<x double>>"), DataType.Parse("list<list<string>>"),
    ];

    [Fact]
    public void RandomBatches_SliceConcatTakeAndRowsPreserveValues()
    {
        var random = new Random(20240501);
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            var (batch, expected) = RandomBatch(random);
            var context = $"iteration {iteration}, schema ({batch.Schema}), {batch.RowCount} rows";
            var n = batch.RowCount;
            AssertRows(expected, batch, Enumerable.Range(0, n).ToArray(), context);

            var offset = random.Next(n + 1);
            var length = random.Next(n - offset + 1);
            AssertRows(expected, batch.Slice(offset, length), Enumerable.Range(offset, length).ToArray(), context + $", slice({offset}, {length})");

            var split = random.Next(n + 1);
            var concatenated = RecordBatch.Concat([batch.Slice(0, split), batch.Slice(split, n - split)]);
            AssertRows(expected, concatenated, Enumerable.Range(0, n).ToArray(), context + $", concat at {split}");

            var indices = Enumerable.Range(0, random.Next(n * 2 + 1)).Select(_ => random.Next(Math.Max(n, 1))).Where(i => i < n).ToArray();
            AssertRows(expected, batch.Take(indices), indices, context + ", take");
            Assert.Equal(n == 0 ? 0 : indices.Length, batch.Take(indices).RowCount);

            AssertRows(expected, RecordBatch.FromRows(batch.Rows(), batch.Schema), Enumerable.Range(0, n).ToArray(), context + ", rows");

            var text = batch.ToText(maxRows: 5);
            Assert.Equal(2 + Math.Min(n, 5) + (n > 5 ? 1 : 0) + 1, text.Split('\n').Length);
        }
    }

    private static (RecordBatch Batch, List<object?[]> Expected) RandomBatch(Random random)
    {
        var columnCount = random.Next(1, 5);
        var rows = random.Next(0, 30);
        var fields = Enumerable.Range(0, columnCount).Select(i => new Field($"c{i}", Types[random.Next(Types.Length)])).ToArray();
        var expected = new List<object?[]>();
        var columns = new Column[columnCount];
        for (var c = 0; c < columnCount; c++)
        {
            var builder = ColumnBuilder.Create(fields[c].Type, random.Next(1, 8));
            var values = new object?[rows];
            for (var r = 0; r < rows; r++)
            {
                values[r] = random.Next(6) == 0 ? null : RandomValue(random, fields[c].Type);
                builder.Append(values[r]);
            }
            columns[c] = builder.Build();
            expected.Add(values);
        }
        return (new RecordBatch(new Schema(fields), columns), expected);
    }

    private static object? RandomValue(Random random, DataType type) => type.Kind switch
    {
        TypeKind.Boolean => random.Next(2) == 0,
        TypeKind.Int32 => random.Next(int.MinValue, int.MaxValue),
        TypeKind.Int64 => random.NextInt64(long.MinValue, long.MaxValue),
        TypeKind.UInt8 => (byte)random.Next(256),
        TypeKind.Float64 => random.Next(20) == 0 ? double.NaN : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 15)),
        TypeKind.Float32 => (float)random.NextDouble(),
        TypeKind.String => RandomText(random),
        TypeKind.Binary => Enumerable.Range(0, random.Next(6)).Select(_ => (byte)random.Next(256)).ToArray(),
        TypeKind.Date => DateOnly.FromDayNumber(random.Next(0, 3_000_000)),
        TypeKind.Timestamp => new DateTime(random.NextInt64(0, DateTime.MaxValue.Ticks / 10) * 10, DateTimeKind.Utc),
        TypeKind.Decimal => Math.Round((decimal)random.NextDouble() * 100000, 2),
        TypeKind.List => Enumerable.Range(0, random.Next(4))
            .Select(_ => random.Next(5) == 0 ? null : RandomValue(random, type.ElementType!)).ToArray(),
        TypeKind.FixedSizeList => Enumerable.Range(0, type.Length).Select(_ => (float)random.NextDouble()).ToArray(),
        TypeKind.Struct => type.Fields.ToDictionary(f => f.Name, f => random.Next(4) == 0 ? null : RandomValue(random, f.Type)),
        _ => throw new InvalidOperationException(type.ToString()),
    };

    private static string RandomText(Random random)
    {
        const string alphabet = "abcXYZ 09_-é日本😀\n\t'\"";
        var chars = new List<string>();
        var length = random.Next(8);
        for (var i = 0; i < length; i++)
        {
            var start = random.Next(alphabet.Length);
            chars.Add(char.IsHighSurrogate(alphabet[start]) ? alphabet.Substring(start, 2) :
                char.IsLowSurrogate(alphabet[start]) ? "x" : alphabet[start].ToString());
        }
        return string.Concat(chars);
    }

    private static void AssertRows(List<object?[]> expected, RecordBatch actual, int[] sourceRows, string context)
    {
        Assert.Equal(sourceRows.Length, actual.RowCount);
        for (var c = 0; c < expected.Count; c++)
            for (var r = 0; r < sourceRows.Length; r++)
            {
                var want = expected[c][sourceRows[r]];
                var got = actual.Columns[c].GetValue(r);
                Assert.True(DeepEqual(want, got),
                    $"{context}: column c{c} row {r}: expected {ValueFormatter.Format(want)}, got {ValueFormatter.Format(got)}");
            }
    }

    internal static bool DeepEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is IDictionary<string, object?> da && b is IDictionary<string, object?> db)
            return da.Count == db.Count && da.All(kv => db.TryGetValue(kv.Key, out var v) && DeepEqual(kv.Value, v));
        if (a is IEnumerable ea && b is IEnumerable eb && a is not string && b is not string)
        {
            var la = ea.Cast<object?>().ToList();
            var lb = eb.Cast<object?>().ToList();
            return la.Count == lb.Count && la.Zip(lb).All(p => DeepEqual(p.First, p.Second));
        }
        return a.Equals(b);
    }
}
