using System.Text;
using Strata.Data;

namespace Strata.Tests.TestSupport;

/// <summary>
/// Deterministic batches covering every Strata type with edge values: extremes, nulls, empty and
/// unicode strings, NaN/±Infinity, dates before 1970, microsecond timestamps, nested lists/structs.
/// </summary>
public static class SampleBatches
{
    private static readonly DateTime T0 = new(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

    /// <summary>The type of each column of <see cref="AllTypes"/>.</summary>
    public static Schema AllTypesSchema { get; } = new(
        new Field("b", DataType.Boolean),
        new Field("i8", DataType.Int8),
        new Field("i16", DataType.Int16),
        new Field("i32", DataType.Int32),
        new Field("i64", DataType.Int64),
        new Field("u8", DataType.UInt8),
        new Field("u16", DataType.UInt16),
        new Field("u32", DataType.UInt32),
        new Field("u64", DataType.UInt64),
        new Field("f32", DataType.Float32),
        new Field("f64", DataType.Float64),
        new Field("d4", DataType.Decimal(4, 2)),
        new Field("d9", DataType.Decimal(9, 3)),
        new Field("d18", DataType.Decimal(18, 6)),
        new Field("d38", DataType.Decimal(38, 10)),
        new Field("s", DataType.String),
        new Field("bin", DataType.Binary),
        new Field("date", DataType.Date),
        new Field("ts", DataType.Timestamp),
        new Field("li", DataType.List(DataType.Int64)),
        new Field("ls", DataType.List(DataType.String)),
        new Field("vec", DataType.FixedSizeList(DataType.Float32, 4)),
        new Field("st", DataType.Struct(new Field("a", DataType.Int32), new Field("b", DataType.String), new Field("c", DataType.List(DataType.Float64)))),
        new Field("lst", DataType.List(DataType.Struct(new Field("k", DataType.String), new Field("v", DataType.FixedSizeList(DataType.Float32, 3))))),
        new Field("ll", DataType.List(DataType.List(DataType.Int32))),
        new Field("nested", DataType.Struct(new Field("inner", DataType.Struct(new Field("x", DataType.Int64), new Field("when", DataType.Date))))));

    /// <summary>Special strings: empty, inline (≤12 bytes) and pointer (&gt;12 bytes) layouts, emoji, CJK, quotes, newlines.</summary>
    public static readonly string[] Strings =
    [
        "", "a", "exactly12byt", "thirteen13byt", "😀🎉 emoji", "漢字かな交じり文", "comma, \"quoted\"\nnew line",
        "tab\there", new string('x', 1000), "Ωμέγα", "\u00e9\u0301", "trailing space ",
    ];

    /// <summary>A batch of <paramref name="rows"/> rows using every type; about one value in five is null.</summary>
    public static RecordBatch AllTypes(int rows)
    {
        var builders = AllTypesSchema.Fields.Select(f => ColumnBuilder.Create(f.Type, rows)).ToArray();
        for (var r = 0; r < rows; r++)
        {
            var values = Row(r);
            for (var c = 0; c < builders.Length; c++)
                builders[c].Append((r + c) % 5 == 3 ? null : values[c]);
        }
        return new RecordBatch(AllTypesSchema, builders.Select(b => b.Build()).ToArray());
    }

    private static object?[] Row(int r)
    {
        sbyte[] i8 = [sbyte.MinValue, -1, 0, 1, sbyte.MaxValue];
        short[] i16 = [short.MinValue, -300, 0, 300, short.MaxValue];
        int[] i32 = [int.MinValue, -70000, 0, 70000, int.MaxValue];
        long[] i64 = [long.MinValue, -5_000_000_000L, 0, 5_000_000_000L, long.MaxValue];
        byte[] u8 = [0, 1, 128, byte.MaxValue];
        ushort[] u16 = [0, 1, 40000, ushort.MaxValue];
        uint[] u32 = [0, 1, 3_000_000_000, uint.MaxValue];
        ulong[] u64 = [0, 1, 10_000_000_000_000_000_000, ulong.MaxValue];
        float[] f32 = [0f, -0f, 1.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.Epsilon, -3.25e-20f];
        double[] f64 = [0d, -0d, Math.PI, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.Epsilon, -1e300];
        decimal[] d4 = [0m, 12.34m, -99.99m, 0.01m];
        decimal[] d9 = [0m, 123456.789m, -999999.999m, 0.001m];
        decimal[] d18 = [0m, 123456789012.345678m, -999999999999.999999m, 0.000001m];
        decimal[] d38 = [0m, 123456789012345678.0123456789m, -999999999999999999.9999999999m, 0.0000000001m, 1m];
        DateOnly[] dates = [new(1969, 12, 31), new(1, 1, 1), new(9999, 12, 31), new(1900, 3, 1), new(2024, 2, 29), new(1970, 1, 1)];
        DateTime[] stamps =
        [
            new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
            new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
            T0.AddTicks(1_234_560),
            new DateTime(1850, 6, 15, 12, 0, 0, DateTimeKind.Utc).AddTicks(10),
        ];
        var s = Strings[r % Strings.Length];
        byte[] bin = (r % 4) switch
        {
            0 => [],
            1 => [0x00, 0xFF, 0xC3, 0x28],
            2 => Encoding.UTF8.GetBytes(s),
            _ => Enumerable.Range(0, 40 + r % 13).Select(i => (byte)(i * 7 + r)).ToArray(),
        };
        object? li = (r % 3) switch
        {
            0 => Array.Empty<long>(),
            1 => new object?[] { 1L, null, (long)r },
            _ => Enumerable.Range(0, r % 7).Select(i => (long)i * r).ToArray(),
        };
        object? ls = r % 2 == 0 ? new[] { s, "b" } : new object?[] { null, Strings[(r + 3) % Strings.Length] };
        var vec = new object?[] { (float)r, -r / 3f, r % 5 == 0 ? null : 0.5f, float.NaN };
        var st = new Dictionary<string, object?>
        {
            ["a"] = r % 6 == 0 ? null : r,
            ["b"] = Strings[(r + 1) % Strings.Length],
            ["c"] = r % 4 == 0 ? null : Enumerable.Range(0, r % 4).Select(i => i / 8.0).ToArray(),
        };
        var lst = Enumerable.Range(0, r % 3).Select(i => (object?)new Dictionary<string, object?>
        {
            ["k"] = $"key{r}-{i}",
            ["v"] = new[] { (float)i, (float)r, -1f },
        }).ToList();
        if (r % 9 == 4) lst.Add(null);
        var ll = new object?[] { new[] { r, r + 1 }, null, Array.Empty<int>() };
        var nested = new Dictionary<string, object?>
        {
            ["inner"] = r % 7 == 2 ? null : new Dictionary<string, object?> { ["x"] = (long)r * 1_000_000_007L, ["when"] = dates[r % dates.Length] },
        };
        return
        [
            r % 2 == 0, i8[r % i8.Length], i16[r % i16.Length], i32[r % i32.Length], i64[r % i64.Length],
            u8[r % u8.Length], u16[r % u16.Length], u32[r % u32.Length], u64[r % u64.Length],
            f32[r % f32.Length], f64[r % f64.Length],
            d4[r % d4.Length], d9[r % d9.Length], d18[r % d18.Length], d38[r % d38.Length],
            s, bin, dates[r % dates.Length], stamps[r % stamps.Length],
            li, ls, vec, st, lst, ll, nested,
        ];
    }

    /// <summary>A batch of <paramref name="rows"/> float vectors of <paramref name="dimensions"/> values plus an id.</summary>
    public static RecordBatch Vectors(int rows, int dimensions)
    {
        var values = new float[(long)rows * dimensions];
        for (var i = 0; i < values.Length; i++) values[i] = (i % 1000) * 0.001f - 0.5f;
        var type = DataType.FixedSizeList(DataType.Float32, dimensions);
        var ids = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        return new RecordBatch(
            ("id", Column.From(ids)),
            ("v", new FixedSizeListColumn(type, Column.From(values), rows, null)));
    }
}
