using System.Diagnostics;
using Strata.Data;
using Xunit.Abstractions;

namespace Strata.Tests.Data;

public enum Shade
{
    Red,
    Green,
}

public sealed record Address(string City, int? Zip);

public sealed class Everything
{
    public bool Flag { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public int I32 { get; set; }
    public long I64 { get; set; }
    public byte U8 { get; set; }
    public ushort U16 { get; set; }
    public uint U32 { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public decimal Dec { get; set; }
    public string? Name { get; set; }
    public byte[]? Blob { get; set; }
    public DateOnly Day { get; set; }
    public DateTime At { get; set; }
    public DateTimeOffset When { get; set; }
    public int? MaybeInt { get; set; }
    public double? MaybeDouble { get; set; }
    public DateTime? MaybeAt { get; set; }
    public Shade Shade { get; set; }
    public Shade? MaybeShade { get; set; }
    public Guid Id { get; set; }
    public float[]? Floats { get; set; }
    public double[]? Doubles { get; set; }
    public List<string?>? Tags { get; set; }
    public IEnumerable<long>? Longs { get; set; }
    public IReadOnlyList<int?>? NullableInts { get; set; }
    public Address? Home { get; set; }
    public List<Address>? Others { get; set; }

    [StrataColumn(Name = "vec", Type = "float[3]")]
    public float[]? Vector { get; set; }

    [StrataIgnore]
    public string Ignored { get; set; } = "default";
}

public sealed record Doc(long Id, [StrataColumn(Type = "float[4]")] float[] Embedding, string? Title = null);

public readonly record struct Point(int X, int Y);

public sealed class Narrow
{
    public int Id { get; init; }
    public string? Name { get; init; }
}

public sealed class WithSet
{
    public int Value { get; set; }
}

public sealed class Node
{
    public string? Name { get; set; }
    public Node? Next { get; set; }
}

public class BaseRow
{
    public long Id { get; set; }
}

public sealed class DerivedRow : BaseRow
{
    public string? Label { get; set; }
}

public sealed record Renamed([StrataColumn(Name = "user_id")] long UserId, [StrataIgnore] string? Cache = "unset", int[]? Counts = null);

public sealed class HasTimeSpan
{
    public TimeSpan Duration { get; set; }
}

public sealed class RecordConversionTests(ITestOutputHelper output)
{
    private static Everything Sample(int i) => new()
    {
        Flag = i % 2 == 0,
        I8 = (sbyte)(i % 100 - 50),
        I16 = (short)(i * 3),
        I32 = -i,
        I64 = long.MaxValue - i,
        U8 = (byte)i,
        U16 = (ushort)(i + 1),
        U32 = uint.MaxValue - (uint)i,
        U64 = ulong.MaxValue - (ulong)i,
        F32 = i + 0.5f,
        F64 = i / 3.0,
        Dec = 12.34m + i,
        Name = i == 1 ? null : $"név {i} 😀",
        Blob = i == 2 ? null : [1, 2, (byte)i],
        Day = new DateOnly(2024, 1, 1).AddDays(i),
        At = new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc).AddTicks(i * 10),
        When = new DateTimeOffset(2024, 5, 1, 14, 30, 0, TimeSpan.FromHours(2)),
        MaybeInt = i % 3 == 0 ? null : i,
        MaybeDouble = i % 2 == 0 ? null : i * 1.5,
        MaybeAt = i % 2 == 1 ? null : new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        Shade = i % 2 == 0 ? Shade.Red : Shade.Green,
        MaybeShade = i % 2 == 0 ? null : Shade.Green,
        Id = new Guid(i, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
        Floats = i == 3 ? null : [1f, 2f, i],
        Doubles = [],
        Tags = ["a", null, "c"],
        Longs = [1L, 2L],
        NullableInts = [1, null],
        Home = i == 0 ? null : new Address($"City{i}", i % 2 == 0 ? null : 1000 + i),
        Others = [new Address("X", 1), new Address("Y", null)],
        Vector = [0.1f, 0.2f, i],
        Ignored = "set",
    };

    [Fact]
    public void FromRecords_InfersSchemaFromPropertyTypes()
    {
        var batch = RecordBatch.FromRecords(Enumerable.Range(0, 3).Select(Sample));
        var s = batch.Schema;
        Assert.Equal(3, batch.RowCount);
        Assert.False(s.Contains("Ignored"));
        Assert.Equal(DataType.Boolean, s["Flag"].Type);
        Assert.False(s["Flag"].Nullable);
        Assert.Equal(DataType.UInt64, s["U64"].Type);
        Assert.Equal(DataType.Decimal(28, 10), s["Dec"].Type);
        Assert.True(s["Name"].Nullable);
        Assert.Equal(DataType.Binary, s["Blob"].Type);
        Assert.Equal(DataType.Date, s["Day"].Type);
        Assert.Equal(DataType.Timestamp, s["When"].Type);
        Assert.Equal(DataType.Int32, s["MaybeInt"].Type);
        Assert.True(s["MaybeInt"].Nullable);
        Assert.Equal(DataType.String, s["Shade"].Type);
        Assert.Equal(DataType.String, s["Id"].Type);
        Assert.Equal(DataType.Parse("list<float>"), s["Floats"].Type);
        Assert.Equal(DataType.Parse("list<string>"), s["Tags"].Type);
        Assert.Equal(DataType.Parse("list<int64>"), s["Longs"].Type);
        Assert.Equal(DataType.Parse("list<int32>"), s["NullableInts"].Type);
        Assert.Equal(DataType.Parse("struct<City string, Zip int32>"), s["Home"].Type);
        Assert.Equal(DataType.Parse("list<struct<City string, Zip int32>>"), s["Others"].Type);
        Assert.Equal(DataType.Parse("float[3]"), s["vec"].Type);
        Assert.Equal("Flag", s[0].Name); // declaration order
        Assert.Equal("vec", s[s.Count - 1].Name);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc), batch[0, "When"]);
    }

    [Fact]
    public void FromRecords_ToRecords_RoundTripsEveryPropertyType()
    {
        var original = Enumerable.Range(0, 6).Select(Sample).ToList();
        var back = RecordBatch.FromRecords(original).ToRecords<Everything>();
        Assert.Equal(original.Count, back.Count);
        for (var i = 0; i < original.Count; i++)
        {
            var (a, b) = (original[i], back[i]);
            Assert.Equal(a.Flag, b.Flag);
            Assert.Equal(a.I8, b.I8);
            Assert.Equal(a.I16, b.I16);
            Assert.Equal(a.I32, b.I32);
            Assert.Equal(a.I64, b.I64);
            Assert.Equal(a.U8, b.U8);
            Assert.Equal(a.U16, b.U16);
            Assert.Equal(a.U32, b.U32);
            Assert.Equal(a.U64, b.U64);
            Assert.Equal(a.F32, b.F32);
            Assert.Equal(a.F64, b.F64);
            Assert.Equal(a.Dec, b.Dec);
            Assert.Equal(a.Name, b.Name);
            Assert.Equal(a.Blob, b.Blob);
            Assert.Equal(a.Day, b.Day);
            Assert.Equal(a.At, b.At);
            Assert.Equal(DateTimeKind.Utc, b.At.Kind);
            Assert.Equal(a.When, b.When);
            Assert.Equal(TimeSpan.Zero, b.When.Offset);
            Assert.Equal(a.MaybeInt, b.MaybeInt);
            Assert.Equal(a.MaybeDouble, b.MaybeDouble);
            Assert.Equal(a.MaybeAt, b.MaybeAt);
            Assert.Equal(a.Shade, b.Shade);
            Assert.Equal(a.MaybeShade, b.MaybeShade);
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Floats, b.Floats);
            Assert.Equal(a.Doubles, b.Doubles);
            Assert.Equal(a.Tags, b.Tags);
            Assert.IsType<List<string?>>(b.Tags);
            Assert.Equal(a.Longs, b.Longs);
            Assert.Equal(a.NullableInts, b.NullableInts);
            Assert.Equal(a.Home, b.Home);
            Assert.Equal(a.Others, b.Others);
            Assert.Equal(a.Vector, b.Vector);
            Assert.Equal("default", b.Ignored);
        }
    }

    [Fact]
    public void PositionalRecord_WithVectorAttributeOnParameter_RoundTrips()
    {
        var docs = new[] { new Doc(1, [1, 2, 3, 4], "a"), new Doc(2, [5, 6, 7, 8]) };
        var batch = RecordBatch.FromRecords(docs);
        Assert.Equal(DataType.FixedSizeList(DataType.Float32, 4), batch.Schema["Embedding"].Type);
        Assert.False(batch.Schema["Id"].Nullable);
        var back = batch.ToRecords<Doc>();
        Assert.Equal(docs[0].Embedding, back[0].Embedding);
        Assert.Equal(docs[1] with { Embedding = back[1].Embedding }, back[1]);
        Assert.Null(back[1].Title);
    }

    [Fact]
    public void WrongVectorLength_NamesColumnAndRecord()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRecords([new Doc(1, [1, 2, 3, 4]), new Doc(2, [1, 2])]));
        Assert.Contains("'Embedding'", e.Message);
        Assert.Contains("record 1", e.Message);
    }

    [Fact]
    public void RecordStructs_AnonymousTypes_AndInitOnlyProperties_Work()
    {
        var points = RecordBatch.FromRecords(new[] { new Point(1, 2), new Point(3, 4) }).ToRecords<Point>();
        Assert.Equal([new Point(1, 2), new Point(3, 4)], points);

        var anon = RecordBatch.FromRecords(new[] { new { Id = 1, Name = "x" } });
        Assert.Equal("Id int32, Name string", anon.Schema.ToString());
        var narrow = anon.ToRecords<Narrow>();
        Assert.Equal(1, narrow[0].Id);
        Assert.Equal("x", narrow[0].Name);
    }

    [Fact]
    public void ToRecords_ConvertsLongToInt_MatchesNamesIgnoringCase_AndSkipsExtraColumns()
    {
        var batch = RecordBatch.FromArrays(("id", new long[] { 1, 2 }), ("NAME", new[] { "a", null }), ("extra", new[] { 1.5, 2.5 }));
        var rows = batch.ToRecords<Narrow>();
        Assert.Equal(2, rows[1].Id);
        Assert.Null(rows[1].Name);
    }

    [Fact]
    public void ToRecords_LongThatDoesNotFitInt_NamesColumnAndRow()
    {
        var batch = RecordBatch.FromArrays(("Id", new[] { 1L, long.MaxValue }));
        var e = Assert.Throws<StrataInvalidInputException>(() => batch.ToRecords<Narrow>());
        Assert.Contains("column 'Id', row 1", e.Message);
    }

    [Fact]
    public void ToRecords_NullIntoNonNullableValueType_NamesColumnAndRow()
    {
        var batch = RecordBatch.FromArrays(("Value", new int?[] { 1, 2, null }));
        var e = Assert.Throws<StrataInvalidInputException>(() => batch.ToRecords<WithSet>());
        Assert.Contains("column 'Value', row 2", e.Message);
        Assert.Contains("int?", e.Message);
    }

    [Fact]
    public void ToRecords_NullInsideNonNullableList_NamesColumnRowAndElement()
    {
        var batch = RecordBatch.FromRows([new Dictionary<string, object?> { ["Floats"] = new object?[] { 1f, null } }],
            Schema.Parse("Floats list<float>"));
        var e = Assert.Throws<StrataInvalidInputException>(() => batch.ToRecords<Everything>());
        Assert.Contains("column 'Floats', row 0: list element 1", e.Message);
    }

    [Fact]
    public void ToRecords_MissingConstructorParameter_IsAnError()
    {
        var batch = RecordBatch.FromArrays(("Id", new long[] { 1 }));
        var e = Assert.Throws<StrataInvalidInputException>(() => batch.ToRecords<Doc>());
        Assert.Contains("'Embedding'", e.Message);
    }

    [Fact]
    public void FromRecords_WithSchema_ConvertsAndChecksNames()
    {
        var schema = Schema.Parse("id int64, name string");
        var batch = RecordBatch.FromRecords([new Narrow { Id = 7, Name = "x" }], schema);
        Assert.Equal(7L, batch[0, "id"]);
        Assert.Equal(schema, batch.Schema);

        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRecords([new Narrow()], Schema.Parse("missing int64")));
        Assert.Contains("'missing'", e.Message);

        var overflow = Assert.Throws<StrataInvalidInputException>(() =>
            RecordBatch.FromRecords([new Narrow { Id = 300 }], Schema.Parse("Id int8")));
        Assert.Contains("column 'Id', record 0", overflow.Message);
    }

    [Fact]
    public void UnsupportedAndRecursiveTypes_AreClearErrors()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRecords([new HasTimeSpan()]));
        Assert.Contains("HasTimeSpan.Duration", e.Message);
        Assert.Contains("[StrataIgnore]", e.Message);
        var r = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRecords([new Node()]));
        Assert.Contains("refers back to itself", r.Message);
        var d = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRecords([new Dictionary<string, object?>()]));
        Assert.Contains("FromRows", d.Message);
    }

    [Fact]
    public void EmptyInput_GivesEmptyBatchWithInferredSchema()
    {
        var batch = RecordBatch.FromRecords(Array.Empty<Doc>());
        Assert.Equal(0, batch.RowCount);
        Assert.Equal(3, batch.Schema.Count);
        Assert.Empty(batch.ToRecords<Doc>());
    }

    [Fact]
    public void OneMillionRecords_ConvertWithoutPerValueAllocations()
    {
        // Wall-clock limits flake on shared machines; allocations are deterministic and show boxing or
        // reflection per value (24+ bytes per value). Times are logged for reference.
        var records = new Doc[1_000_000];
        for (var i = 0; i < records.Length; i++) records[i] = new Doc(i, [i, 1, 2, 3], i % 2 == 0 ? "even" : null);
        RecordBatch.FromRecords(records.AsSpan(0, 10).ToArray()).ToRecords<Doc>(); // compile once

        var sw = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var batch = RecordBatch.FromRecords(records);
        var writeBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var write = sw.Elapsed;

        sw.Restart();
        allocated = GC.GetAllocatedBytesForCurrentThread();
        var back = batch.ToRecords<Doc>();
        var readBytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var read = sw.Elapsed;

        output.WriteLine($"FromRecords {write.TotalMilliseconds:F0} ms, {writeBytes / 1e6:F1} MB; ToRecords {read.TotalMilliseconds:F0} ms, {readBytes / 1e6:F1} MB");

        Assert.Equal(records.Length, back.Count);
        Assert.Equal(999_999, back[^1].Id);
        Assert.Equal(records[^1].Embedding, back[^1].Embedding);
        Assert.Equal("even", back[^2].Title);
        // Column storage per row: 8 (id) + 16 (vector) + 8 (title) + 1 (title validity) bytes.
        Assert.True(writeBytes < records.Length * 33 * 1.3, $"FromRecords allocated {writeBytes} bytes");
        // Per record: the Doc (40 bytes), its float[4] (32) and its slot in the result (8).
        Assert.True(readBytes < records.Length * 80 * 1.3, $"ToRecords allocated {readBytes} bytes");
    }

    [Fact]
    public void BaseClassPropertiesComeFirst()
    {
        var batch = RecordBatch.FromRecords([new DerivedRow { Id = 1, Label = "a" }]);
        Assert.Equal("Id int64, Label string", batch.Schema.ToString());
        Assert.Equal(1, batch.ToRecords<DerivedRow>()[0].Id);
    }

    [Fact]
    public void AttributesOnPositionalParameters_RenameAndIgnore()
    {
        var batch = RecordBatch.FromRecords([new Renamed(5, "cached", [1, 2])]);
        Assert.Equal("user_id int64, Counts list<int32>", batch.Schema.ToString());
        var back = batch.ToRecords<Renamed>()[0];
        Assert.Equal(5, back.UserId);
        Assert.Equal("unset", back.Cache);
        Assert.Equal([1, 2], back.Counts!);
    }

    [Fact]
    public void ToRecords_ConvertsListElementsAndNestedStructs()
    {
        var batch = RecordBatch.FromRows(
        [
            new Dictionary<string, object?> { ["user_id"] = 1L, ["counts"] = new long[] { 1, 2 } },
            new Dictionary<string, object?> { ["user_id"] = 2L, ["counts"] = new long[] { 3_000_000_000 } },
        ]);
        Assert.Equal([1, 2], batch.Slice(0, 1).ToRecords<Renamed>()[0].Counts!);
        var e = Assert.Throws<StrataInvalidInputException>(() => batch.ToRecords<Renamed>());
        Assert.Contains("column 'counts', row 1: list element 0", e.Message);

        var homes = RecordBatch.FromRows([new Dictionary<string, object?> { ["Home"] = new Dictionary<string, object?> { ["city"] = "Oslo", ["zip"] = 150L } }]);
        var everything = homes.ToRecords<Everything>()[0];
        Assert.Equal(new Address("Oslo", 150), everything.Home);
    }

    [Fact]
    public void ConvertsConcurrently()
    {
        Parallel.For(0, 8, i =>
        {
            var rows = Enumerable.Range(0, 1000).Select(j => new Doc(j, [j, i, 0, 0], null)).ToArray();
            var back = RecordBatch.FromRecords(rows).ToRecords<Doc>();
            Assert.Equal(rows.Select(r => r.Id), back.Select(r => r.Id));
        });
    }

    private sealed class PrivateRow
    {
        public int A { get; set; }
    }

    [Fact]
    public void NonPublicTypes_Work()
    {
        var back = RecordBatch.FromRecords([new PrivateRow { A = 5 }]).ToRecords<PrivateRow>();
        Assert.Equal(5, back[0].A);
    }
}
