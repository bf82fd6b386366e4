using Strata.Data;

namespace Strata.Tests.Data;

public sealed class TextRenderingTests
{
    [Fact]
    public void RendersAlignedTableWithNullsAndFooter()
    {
        var batch = RecordBatch.FromArrays(
            ("id", new long[] { 1, 22 }),
            ("name", new[] { "alice", null }),
            ("tags", new[] { new[] { "a", "b" }, [] }));
        Assert.Equal(
            """
            id | name  | tags
            ---+-------+-------
             1 | alice | [a, b]
            22 | null  | []
            (2 rows)
            """.ReplaceLineEndings("\n"),
            batch.ToText());
        Assert.Equal(batch.ToText(), batch.ToString());
    }

    [Fact]
    public void TruncatesRowsAndLongValues()
    {
        var batch = RecordBatch.FromArrays(
            ("n", Enumerable.Range(0, 25).ToArray()),
            ("text", Enumerable.Range(0, 25).Select(i => new string('x', 100)).ToArray()),
            ("v", Enumerable.Range(0, 25).Select(i => Enumerable.Range(0, 768).Select(j => (float)j).ToArray()).ToArray()));
        var text = batch.ToText(maxRows: 3, maxColumnWidth: 10);
        var lines = text.Split('\n');
        Assert.Equal(2 + 3 + 2, lines.Length);
        Assert.Equal("n | text       | v", lines[0]);
        Assert.Equal("0 | xxxxxxxxx… | [0, 1, 2,…", lines[2]);
        Assert.Equal("… 22 more rows", lines[5]);
        Assert.Equal("(25 rows)", lines[6]);
    }

    [Fact]
    public void EmptyBatch_ShowsHeaderAndZeroRows()
    {
        var batch = RecordBatch.Empty(Schema.Parse("id int64, name string"));
        Assert.Equal("id | name\n---+-----\n(0 rows)", batch.ToText());
        Assert.Equal("(0 rows)", new RecordBatch(new Schema(), []).ToText());
    }

    [Fact]
    public void UnicodeIsAlignedByDisplayWidth_AndControlCharactersAreEscaped()
    {
        var batch = RecordBatch.FromArrays(("name", new[] { "日本語", "e\u0301", "a\nb", "😀x" }), ("n", new[] { 1, 2, 3, 4 }));
        var lines = batch.ToText().Split('\n');
        Assert.Equal("name   | n", lines[0]);
        Assert.Equal("日本語 | 1", lines[2]);
        Assert.Equal("e\u0301      | 2", lines[3]);
        Assert.Equal("a\\nb   | 3", lines[4]);
        Assert.Equal("😀x    | 4", lines[5]);
    }

    [Fact]
    public void WideCharactersAreNeverSplit()
    {
        var batch = RecordBatch.FromArrays(("s", new[] { "日本語日本語" }));
        Assert.Equal("日本…", batch.ToText(maxColumnWidth: 6).Split('\n')[2]);
    }

    [Fact]
    public void OneRow_IsSingular()
    {
        Assert.EndsWith("(1 row)", RecordBatch.FromArrays(("a", new[] { 1 })).ToText());
        Assert.Contains("… 1 more row\n", RecordBatch.FromArrays(("a", new[] { 1, 2 })).ToText(maxRows: 1));
    }

    [Theory]
    [InlineData(null, "null")]
    [InlineData(true, "true")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e300, "1E+300")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(1.5f, "1.5")]
    [InlineData(-42L, "-42")]
    [InlineData("héllo", "héllo")]
    public void FormatsScalars(object? value, string expected) => Assert.Equal(expected, ValueFormatter.Format(value));

    [Fact]
    public void FormatsDatesTimestampsDecimalsBinaryAndNestedValues()
    {
        Assert.Equal("2024-02-29", ValueFormatter.Format(new DateOnly(2024, 2, 29)));
        Assert.Equal("2024-05-01T12:30:00Z", ValueFormatter.Format(new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-05-01T12:30:00.000123Z", ValueFormatter.Format(new DateTime(2024, 5, 1, 12, 30, 0, DateTimeKind.Utc).AddTicks(1230)));
        Assert.Equal("2024-05-01T10:30:00Z", ValueFormatter.Format(new DateTimeOffset(2024, 5, 1, 12, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("1.50", ValueFormatter.Format(1.50m));
        Assert.Equal("<12 bytes>", ValueFormatter.Format(new byte[12]));
        Assert.Equal("<1 byte>", ValueFormatter.Format(new byte[1]));
        Assert.Equal("[1, null, 3]", ValueFormatter.Format(new object?[] { 1, null, 3 }));
        Assert.Equal("{'a': 1, 'b': [x, y]}", ValueFormatter.Format(new Dictionary<string, object?> { ["a"] = 1, ["b"] = new[] { "x", "y" } }));
        Assert.Equal("[1, 2, …", ValueFormatter.Format(Enumerable.Range(1, 1000).ToArray(), 8));
        Assert.Equal("[]", ValueFormatter.Format(Array.Empty<int>(), 8));
    }

    [Fact]
    public void StructAndBinaryColumnsRender()
    {
        var batch = RecordBatch.FromRows(
        [
            new Dictionary<string, object?> { ["s"] = new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" }, ["blob"] = new byte[3] },
            new Dictionary<string, object?> { ["s"] = null, ["blob"] = null },
        ]);
        var lines = batch.ToText().Split('\n');
        Assert.Equal("{'a': 1, 'b': x} | <3 bytes>", lines[2]);
        Assert.Equal("null             | null", lines[3]);
    }
}
