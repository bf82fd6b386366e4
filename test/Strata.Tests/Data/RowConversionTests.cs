using System.Dynamic;
using Strata.Data;

namespace Strata.Tests.Data;

public sealed class RowConversionTests
{
    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void WithSchema_ConvertsValues_AndMissingKeysAreNull()
    {
        var schema = Schema.Parse("id int64, score double, day date, tags list<string>, point struct<x int32, y int32>");
        var batch = RecordBatch.FromRows(
        [
            Row(("id", 1), ("score", 2), ("day", "2024-02-29"), ("tags", new[] { "a", "b" }), ("point", Row(("x", 1), ("y", 2L)))),
            Row(("ID", 2L)),
        ], schema);
        Assert.Equal(schema, batch.Schema);
        Assert.Equal(1L, batch[0, "id"]);
        Assert.Equal(2.0, batch[0, "score"]);
        Assert.Equal(new DateOnly(2024, 2, 29), batch[0, "day"]);
        Assert.Equal(new[] { "a", "b" }, batch[0, "tags"]);
        var point = Assert.IsType<Dictionary<string, object?>>(batch[0, "point"]);
        Assert.Equal(2, point["y"]);
        Assert.Equal(2L, batch[1, "id"]);
        Assert.Null(batch[1, "score"]);
        Assert.Null(batch[1, "point"]);
    }

    [Fact]
    public void WithSchema_UnknownKey_IsAnErrorNamingTheKey()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            RecordBatch.FromRows([Row(("id", 1)), Row(("id", 2), ("nmae", "x"))], Schema.Parse("id int64, name string")));
        Assert.Contains("'nmae'", e.Message);
        Assert.Contains("row 1", e.Message);
    }

    [Fact]
    public void WithSchema_BadValue_NamesColumnAndRow()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            RecordBatch.FromRows([Row(("id", 1)), Row(("id", "seven"))], Schema.Parse("id int64")));
        Assert.Contains("column 'id', row 1", e.Message);
    }

    [Fact]
    public void WithSchema_FractionIntoInteger_IsAnError_NotRounded()
    {
        var schema = Schema.Parse("n int64");
        Assert.Equal(2L, RecordBatch.FromRows([Row(("n", 2.0m))], schema)[0, "n"]);
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows([Row(("n", 1.5m))], schema));
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows([Row(("n", 1.5))], schema));
    }

    [Fact]
    public void WithSchema_NullInNonNullableField_NamesColumnAndRow()
    {
        var schema = new Schema(new Field("id", DataType.Int64, Nullable: false));
        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows([Row(("id", 1)), Row()], schema));
        Assert.Contains("column 'id', row 1", e.Message);
    }

    [Fact]
    public void WithSchema_SameColumnTwiceInOneRow_IsAnError()
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = 1, ["ID"] = 2 };
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows([row], Schema.Parse("id int64")));
    }

    [Fact]
    public void WithoutSchema_InfersTypesInFirstSeenKeyOrder()
    {
        var batch = RecordBatch.FromRows(
        [
            Row(("id", 1), ("name", "a"), ("ratio", 1)),
            Row(("id", 2L), ("ratio", 0.5), ("empty", null), ("at", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))),
            Row(("id", 3), ("name", null), ("at", new DateOnly(2024, 1, 2))),
        ]);
        Assert.Equal("id int64, name string, ratio double, empty string, at timestamp", batch.Schema.ToString());
        Assert.Equal(new long[] { 1, 2, 3 }, Enumerable.Range(0, 3).Select(r => (long)batch[r, "id"]!));
        Assert.Equal(1.0, batch[0, "ratio"]);
        Assert.Null(batch[0, "at"]);
        Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), batch[2, "at"]);
    }

    [Fact]
    public void WithoutSchema_InfersListsAndStructs()
    {
        var batch = RecordBatch.FromRows(
        [
            Row(("v", new[] { 1f, 2f }), ("xs", new object?[] { 1, null, 3L }), ("s", Row(("a", 1), ("b", "x")))),
            Row(("v", new List<float> { 3f }), ("xs", new List<object?>()), ("s", Row(("A", 2.5), ("c", true)))),
        ]);
        Assert.Equal("v list<float>, xs list<int64>, s struct<a double, b string, c bool>", batch.Schema.ToString());
        Assert.Equal(new[] { 3f }, batch[1, "v"]);
        var s = Assert.IsType<Dictionary<string, object?>>(batch[1, "s"]);
        Assert.Equal(2.5, s["a"]);
        Assert.Null(s["b"]);
    }

    [Theory]
    [InlineData(1, 2L, "int64")]
    [InlineData(1, 2.5, "double")]
    [InlineData(1.5f, 2.5, "double")]
    [InlineData((byte)1, (sbyte)-1, "int16")]
    [InlineData((uint)1, -1, "int64")]
    [InlineData(ulong.MaxValue, -1, "decimal(20,0)")]
    [InlineData((short)1, (ushort)1, "int32")]
    public void WithoutSchema_WidensNumbers(object first, object second, string expected)
    {
        var batch = RecordBatch.FromRows([Row(("n", first)), Row(("n", null)), Row(("n", second))]);
        Assert.Equal(expected, batch.Schema["n"].Type.ToString());
    }

    [Theory]
    [InlineData(1, "two")]
    [InlineData("two", 1)]
    [InlineData(true, 1)]
    public void WithoutSchema_MixingKinds_NamesColumnAndRow(object first, object second)
    {
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            RecordBatch.FromRows([Row(("id", 1)), Row(("id", 2), ("mixed", first)), Row(("mixed", null)), Row(("mixed", second))]));
        Assert.Contains("column 'mixed', row 3", e.Message);
        Assert.Contains("schema", e.Message);
    }

    [Fact]
    public void WithoutSchema_ListAndScalar_DoNotMix()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows([Row(("x", new[] { 1 })), Row(("x", 1))]));
        Assert.Contains("column 'x', row 1", e.Message);
    }

    [Fact]
    public void WithoutSchema_NoRows_IsAnError()
    {
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromRows(new List<Dictionary<string, object?>>()));
        var empty = RecordBatch.FromRows(new List<Dictionary<string, object?>>(), Schema.Parse("a int32"));
        Assert.Equal(0, empty.RowCount);
    }

    [Fact]
    public void AcceptsEveryDictionaryShape()
    {
        IReadOnlyDictionary<string, object?> ro = Row(("a", 1));
        IDictionary<string, object?> rw = Row(("a", 2));
        dynamic expando = new ExpandoObject();
        expando.a = 3;
        Assert.Equal(1, RecordBatch.FromRows([ro])[0, "a"]);
        Assert.Equal(2, RecordBatch.FromRows([rw])[0, "a"]);
        Assert.Equal(3, RecordBatch.FromRows(new[] { (IDictionary<string, object?>)expando })[0, "a"]);
        Assert.Equal(4, RecordBatch.FromRows(new List<Dictionary<string, object?>> { Row(("a", 4)) })[0, "a"]);
    }

    [Fact]
    public void RowsRoundTripThroughFromRows()
    {
        var original = RecordBatch.FromRows(
        [
            Row(("id", 1L), ("v", new[] { 1.5, 2.5 }), ("s", Row(("k", "x")))),
            Row(("id", 2L), ("v", null), ("s", null)),
        ]);
        var again = RecordBatch.FromRows(original.Rows(), original.Schema);
        Assert.Equal(original.ToText(), again.ToText());
    }

    [Fact]
    public void FromArrays_InfersFromElementTypes()
    {
        var batch = RecordBatch.FromArrays(
            ("id", new long[] { 1, 2 }),
            ("name", new[] { "a", null }),
            ("maybe", new int?[] { null, 5 }),
            ("v", new[] { new[] { 1f, 2f }, [3f] }),
            ("at", new[] { new DateTime(2024, 1, 1, 0, 0, 0, 0, 7, DateTimeKind.Utc), DateTime.UnixEpoch }),
            ("any", new object?[] { 1, 2.5 }));
        Assert.Equal("id int64, name string, maybe int32, v list<float>, at timestamp, any double", batch.Schema.ToString());
        Assert.False(batch.Schema["id"].Nullable);
        Assert.True(batch.Schema["maybe"].Nullable);
        Assert.Null(batch[1, "name"]);
        Assert.Equal(new[] { 3f }, batch[1, "v"]);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, 0, 7, DateTimeKind.Utc), batch[0, "at"]);
        Assert.Equal(2.5, batch[1, "any"]);
    }

    [Fact]
    public void FromArrays_CopiesTheArrays()
    {
        var ids = new long[] { 1, 2 };
        var batch = RecordBatch.FromArrays(("id", ids));
        ids[0] = 99;
        Assert.Equal(1L, batch[0, "id"]);
    }

    [Fact]
    public void FromArrays_RejectsBadInput()
    {
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromArrays(("a", new[] { 1 }), ("b", new[] { 1, 2 })));
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromArrays(("a", new int[2, 2])));
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromArrays(("a", new[] { 1 }), ("A", new[] { 2 })));
        Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromArrays(("a", new[] { TimeSpan.Zero })));
        var e = Assert.Throws<StrataInvalidInputException>(() => RecordBatch.FromArrays(("o", new object?[] { 1, "x" })));
        Assert.Contains("column 'o', row 1", e.Message);
    }
}
