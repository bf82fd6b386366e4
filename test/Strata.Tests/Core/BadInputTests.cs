using Strata.Data;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Core;

/// <summary>Every kind of bad input gives a typed error, changes nothing, and writes nothing outside the lake.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string> BadNames => new()
    {
        "", "system", "__jobs", new string('a', 200), "a/b", "a\\b", "..", "../escape", "a..b", "a\u0001b", "tab\tname",
        "quote'd", "double\"q", "semi;colon", "1starts-with-digit", " spaced",
    };

    private static RecordBatch Small() => new(("id", Column.From(new long[] { 1, 2, 3 })), ("name", Column.From(new string?[] { "a", "b", null })));

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task BadTableNames_AreRejected_AndChangeNothing(string name)
    {
        // The lake gets a parent folder of its own, so "nothing outside the lake" is not disturbed by other tests.
        var parent = TempLake.NewFolder();
        var folder = Path.Combine(parent, "lake");
        await using var lake = await Strata.Lake.CreateAsync(folder, new LakeOptions { Author = "tests" });
        var outside = Directory.GetFileSystemEntries(parent, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Order().ToList();
        var before = TempLake.Snapshot(folder);
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => lake.CreateTableAsync(name, Small()));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => lake.OpenTableAsync(name));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => lake.DropTableAsync(name));
        await Assert.ThrowsAnyAsync<StrataException>(() => lake.RenameTableAsync("missing", name));
        Assert.Equal(before, TempLake.Snapshot(folder));
        Assert.Equal(outside, Directory.GetFileSystemEntries(parent, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Order().ToList());
    }

    [Theory]
    [InlineData("")]
    [InlineData("_rowid")]
    [InlineData("_strata_x")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("x\u0000y")]
    [InlineData("it's")]
    [InlineData("say\"hi\"")]
    [InlineData("semi;colon")]
    public async Task BadColumnNames_AreRejected(string column)
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Small());
        var before = TempLake.Snapshot(t.Folder);
        Assert.ThrowsAny<StrataException>(() => new Schema(new Field(column, DataType.Int64)).Let(s => Schema.Parse($"{column} int64")));
        if (column.Length > 0)
        {
            var bad = new RecordBatch(new Schema(new Field(column, DataType.Int64)), [Column.From(new long[] { 1 })]);
            await Assert.ThrowsAnyAsync<StrataException>(() => t.Lake.CreateTableAsync("t2", bad));
        }
        await Assert.ThrowsAnyAsync<StrataException>(() => table.AddColumnsAsync(new Dictionary<string, string> { [column] = "id + 1" }));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.RenameColumnAsync("name", column));
        Assert.Equal(before, TempLake.Snapshot(t.Folder));
    }

    [Fact]
    public async Task SchemaMismatchOnAppend_IsRejected_AndChangesNothing()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Small());
        var before = TempLake.Snapshot(t.Folder);
        var wrongType = new RecordBatch(("id", Column.From(new string?[] { "x" })));
        var e = await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddAsync(wrongType));
        Assert.Contains("'id'", e.Message);
        var unknown = new RecordBatch(("id", Column.From(new long[] { 1 })), ("nope", Column.From(new long[] { 1 })));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddAsync(unknown));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.MergeInsertAsync(["id"], wrongType));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.UpdateAsync("id = 1", new Dictionary<string, string> { ["nope"] = "1" }));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.DeleteAsync("no_such_column = 1"));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.DeleteAsync("1 = 1; DROP TABLE x"));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddColumnsAsync(new Dictionary<string, string> { ["z"] = "no_such(" }));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddColumnsAsync(new Dictionary<string, string> { ["z"] = "missing_col + 1" }));
        Assert.Equal(before, TempLake.Snapshot(t.Folder));
        Assert.Equal(1, (await t.Lake.OpenTableAsync("t")).Version);
    }

    [Theory]
    [InlineData("bad.csv", "id,name\n1,a\n2,b,extra,fields\n3\n", true)]
    [InlineData("types.csv", "id,name\n1,a\nnot-a-number,b\n", false)]
    [InlineData("bad.jsonl", "{\"id\": 1, \"name\": \"a\"}\n{not json at all\n", true)]
    [InlineData("bad.parquet", "PAR1 this is not really parquet", true)]
    public async Task MalformedFiles_AreRejected_AndChangeNothing(string fileName, string content, bool malformed)
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Small());
        var input = Path.Combine(TempLake.NewFolder(), fileName);
        await File.WriteAllTextAsync(input, content);
        var before = TempLake.Snapshot(t.Folder);
        await Assert.ThrowsAnyAsync<StrataException>(() => table.AddFromFileAsync(input));
        Assert.Equal(before, TempLake.Snapshot(t.Folder));
        if (malformed)
        {
            await Assert.ThrowsAnyAsync<StrataException>(() => t.Lake.CreateTableFromFileAsync("fromfile", input));
            Assert.Equal(before, TempLake.Snapshot(t.Folder));
        }
        await Assert.ThrowsAsync<StrataNotFoundException>(() => table.AddFromFileAsync(input + ".missing"));
    }

    [Fact]
    public async Task CorruptOrTruncatedManifest_GivesCorruptDataError_NamingTheFile()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Small());
        await table.AddAsync(Small());
        var manifest = Path.Combine(t.Folder, "tables", table.Id, "v", "00000000000000000002.json");
        var bytes = await File.ReadAllBytesAsync(manifest);
        await File.WriteAllBytesAsync(manifest, bytes[..(bytes.Length / 2)]);
        await using (var lake = await Strata.Lake.OpenAsync(t.Folder))
        {
            var e = await Assert.ThrowsAsync<StrataCorruptDataException>(() => lake.OpenTableAsync("t"));
            Assert.Contains("00000000000000000002.json", e.Message);
            // Earlier versions still read.
            Assert.Equal(3, await (await lake.OpenTableAsync("t", 1)).CountRowsAsync());
        }
        await File.WriteAllTextAsync(manifest, "{\"format\":\"strata.table-manifest\",\"formatVersion\":99}");
        await using (var lake = await Strata.Lake.OpenAsync(t.Folder))
        {
            var e = await Assert.ThrowsAsync<StrataCorruptDataException>(() => lake.OpenTableAsync("t"));
            Assert.Contains("format version 99", e.Message);
        }
    }

    [Fact]
    public async Task CorruptDataFile_GivesCorruptDataError_NamingTheFile()
    {
        await using var t = await TempLake.CreateAsync();
        var table = await t.Lake.CreateTableAsync("t", Small());
        var file = Directory.GetFiles(Path.Combine(t.Folder, "tables", table.Id, "data"), "*.parquet").Single();
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length - 20)]);
        var e = await Assert.ThrowsAsync<StrataCorruptDataException>(() => table.ToBatchAsync());
        Assert.Contains(Path.GetFileName(file), e.Path);
        await Assert.ThrowsAsync<StrataCorruptDataException>(() => t.Lake.SqlAsync("SELECT count(*) FROM t WHERE id > 0"));
    }

    [Fact]
    public async Task NonLakeFolders_AreRejected()
    {
        var empty = TempLake.NewFolder();
        await Assert.ThrowsAsync<StrataNotFoundException>(() => Strata.Lake.OpenAsync(empty));
        await File.WriteAllTextAsync(Path.Combine(empty, "readme.txt"), "not a lake");
        await Assert.ThrowsAsync<StrataNotFoundException>(() => Strata.Lake.OpenAsync(empty));
        await Assert.ThrowsAsync<StrataNotFoundException>(() => Strata.Lake.OpenAsync(Path.Combine(empty, "missing")));
        await File.WriteAllTextAsync(Path.Combine(empty, "_strata_lake.json"), "garbage");
        await Assert.ThrowsAsync<StrataCorruptDataException>(() => Strata.Lake.OpenAsync(empty));
        Assert.Equal(new[] { "_strata_lake.json", "readme.txt" }, Directory.GetFileSystemEntries(empty).Select(p => Path.GetFileName(p)!).Order().ToArray());
        var created = TempLake.NewFolder();
        await (await Strata.Lake.CreateAsync(created)).DisposeAsync();
        await Assert.ThrowsAsync<StrataAlreadyExistsException>(() => Strata.Lake.CreateAsync(created));
    }
}
