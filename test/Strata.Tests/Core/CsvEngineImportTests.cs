using System.Globalization;
using System.Text;
using Strata.Data;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Core;

/// <summary>
/// CSV files of scalar columns are imported inside DuckDB (read_csv chunks go straight to the fragments'
/// COPYs); the result must equal what Strata's own batch reader makes of the same file, row for row, in order.
/// </summary>
public sealed class CsvEngineImportTests
{
    private const int Rows = 20_000;

    private static LakeOptions SmallFragments => new() { Author = "tests", MaxRowsPerFragment = 4096 };

    private static string WriteCsv(string folder, int rows, int badLine = -1)
    {
        var path = Path.Combine(folder, "in.csv");
        var sb = new StringBuilder("id,category,value,text,day\n");
        for (var i = 0; i < rows; i++)
        {
            if (i == badLine) { sb.Append("1,2,3,4,5,6\n"); continue; }
            var text = (i % 7) switch
            {
                0 => "\"with, comma\"",
                1 => "\"quote \"\" inside\"",
                2 => "",          // unquoted empty: null
                3 => "\"\"",      // quoted empty: empty string
                4 => "ünïcödé 🧪",
                _ => $"text {i}",
            };
            var value = i % 11 == 0 ? "" : (i * 0.25).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{i},c{i % 13},{value},{text},2024-01-{1 + i % 28:00}\n");
        }
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task CreateTableFromCsv_EqualsTheBatchReader_RowForRow_AcrossFragments()
    {
        await using var t = await TempLake.CreateAsync(SmallFragments);
        var csv = WriteCsv(t.Folder, Rows);
        var expected = BatchFiles.ReadAll(csv);
        var table = await t.Lake.CreateTableFromFileAsync("t", csv);
        Assert.Equal(Rows, table.RowCount);
        Assert.True(table.FragmentCount >= (Rows + 4095) / 4096, $"expected fragments of at most 4096 rows, got {table.FragmentCount}");
        BatchAssert.SchemaEqual(expected.Schema, table.Schema);
        BatchAssert.Equal(expected, await table.ToBatchAsync());
        var duplicates = await t.Lake.SqlAsync("SELECT id FROM t GROUP BY id HAVING count(*) > 1");
        Assert.Equal(0, duplicates.RowCount);
    }

    [Fact]
    public async Task CreateTableFromCsv_WithAGivenSchema_AndAppendFromCsv_UseTheTablesTypes()
    {
        await using var t = await TempLake.CreateAsync(SmallFragments);
        var csv = WriteCsv(t.Folder, 5000);
        var schema = new Schema(new Field("id", DataType.Int32), new Field("category", DataType.String), new Field("value", DataType.Float32),
            new Field("text", DataType.String), new Field("day", DataType.Date));
        var table = await t.Lake.CreateTableFromFileAsync("t", csv, schema);
        BatchAssert.SchemaEqual(schema, table.Schema);
        var expected = BatchFiles.ReadAll(csv, schema);
        BatchAssert.Equal(expected, await table.ToBatchAsync());
        var v2 = await table.AddFromFileAsync(csv);
        Assert.Equal(10_000, v2.RowCount);
        BatchAssert.Equal(RecordBatch.Concat([expected, expected]), await (await t.Lake.OpenTableAsync("t")).ToBatchAsync());
    }

    [Fact]
    public async Task AMalformedLineDeepInTheFile_FailsWithAnInputError_AndLeavesNothingBehind()
    {
        await using var t = await TempLake.CreateAsync(SmallFragments);
        var csv = WriteCsv(t.Folder, Rows, badLine: Rows - 100);
        var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => t.Lake.CreateTableFromFileAsync("t", csv));
        Assert.Contains("in.csv", e.Message, StringComparison.Ordinal);
        Assert.False(await t.Lake.TableExistsAsync("t"));
        var tables = Path.Combine(t.Folder, "tables");
        Assert.Empty(Directory.Exists(tables) ? Directory.GetFiles(tables, "*.parquet", SearchOption.AllDirectories) : []);
    }
}
