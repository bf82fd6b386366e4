using System.Globalization;
using Strata.Backfill;
using Strata.Data;
using Strata.Tests.TestSupport;
using Strata.Udfs;
using static Strata.Tests.Udfs.UdfTestSupport;

namespace Strata.Tests.Udfs;

/// <summary>A record returned by a UDF: stored as one struct column (a value-type member: a non-nullable struct field).</summary>
public sealed record TitleInfo(int Length, string First);

/// <summary>A record whose members are all nullable (every struct field nullable).</summary>
public sealed record LooseTitleInfo(int? Length, string? First);

/// <summary>UDFs as public static methods (the form a compiled file provides).</summary>
public static class StaticTypeUdfs
{
    public static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static int IntOf(string title) => title.Length;
    public static long LongOf(long id) => id * 1_000_000_007L;
    public static float FloatOf(double value) => (float)(value / 4);
    public static double DoubleOf(double value) => value * 3;
    public static bool BoolOf(long id) => id % 2 == 0;
    public static string StringOf(string title) => title.ToUpperInvariant();
    public static byte[] BytesOf(long id) => Enumerable.Range(0, (int)(id % 5)).Select(i => (byte)(id + i)).ToArray();
    public static float[] ListOf(int n) => Enumerable.Range(0, n).Select(i => i * 0.5f).ToArray();
    public static float[] VectorOf(long id) => Enumerable.Range(0, 8).Select(i => (float)(id + i)).ToArray();
    public static DateTime TimeOf(long id) => Epoch.AddSeconds(id).AddTicks(10 * (id % 100));
    public static LooseTitleInfo InfoOf(string title) => new(title.Length, title[..1]);
    public static TitleInfo StrictInfoOf(string title) => new(title.Length, title[..1]);
}

public sealed class UdfTypesTests
{
    private sealed record Case(string Column, Udf Udf, DataType Type, Func<long, object?> Expected);

    private static readonly DataType Vector8 = DataType.FixedSizeList(DataType.Float32, 8);
    private static readonly DataType InfoType = DataType.Struct(new Field("Length", DataType.Int32), new Field("First", DataType.String));
    private static readonly DataType StrictInfoType = DataType.Struct(new Field("Length", DataType.Int32, Nullable: false), new Field("First", DataType.String));

    // Expected values, by id (null where an input is null).
    private static object? ExpInt(long id) => Title(id).Length;
    private static object? ExpLong(long id) => id * 1_000_000_007L;
    private static object? ExpFloat(long id) => HasValue(id) ? (float)(id * 0.5 / 4) : null;
    private static object? ExpDouble(long id) => HasValue(id) ? id * 0.5 * 3 : null;
    private static object? ExpBool(long id) => id % 2 == 0;
    private static object? ExpString(long id) => Title(id).ToUpperInvariant();
    private static object? ExpBytes(long id) => StaticTypeUdfs.BytesOf(id);
    private static object? ExpList(long id) => StaticTypeUdfs.ListOf((int)(id % 13));
    private static object? ExpVector(long id) => StaticTypeUdfs.VectorOf(id);
    private static object? ExpTime(long id) => StaticTypeUdfs.TimeOf(id);
    private static readonly DataType TupleType = DataType.Struct(new Field("Item1", DataType.Int64), new Field("Item2", DataType.String));
    private static object? ExpTuple(long id) => new Dictionary<string, object?> { ["Item1"] = id, ["Item2"] = Title(id) };
    private static object? ExpInfo(long id) => new Dictionary<string, object?> { ["Length"] = Title(id).Length, ["First"] = "t" };

    private static List<Case> LambdaCases() =>
    [
        new("c_int", Udf.Scalar("c_int", (string title) => title.Length), DataType.Int32, ExpInt),
        new("c_long", Udf.Scalar("c_long", (long id) => id * 1_000_000_007L), DataType.Int64, ExpLong),
        new("c_float", Udf.Scalar("c_float", (double value) => (float)(value / 4)), DataType.Float32, ExpFloat),
        new("c_double", Udf.Scalar("c_double", (double value) => value * 3), DataType.Float64, ExpDouble),
        new("c_bool", Udf.Scalar("c_bool", (long id) => id % 2 == 0), DataType.Boolean, ExpBool),
        new("c_string", Udf.Scalar("c_string", (string title) => title.ToUpperInvariant()), DataType.String, ExpString),
        new("c_bytes", Udf.Scalar("c_bytes", (long id) => Enumerable.Range(0, (int)(id % 5)).Select(i => (byte)(id + i)).ToArray()), DataType.Binary, ExpBytes),
        new("c_list", Udf.Scalar("c_list", (int n) => Enumerable.Range(0, n).Select(i => i * 0.5f).ToArray()), DataType.List(DataType.Float32), ExpList),
        new("c_vector", Udf.Scalar("c_vector", (long id) => Enumerable.Range(0, 8).Select(i => (float)(id + i)).ToArray(),
            new UdfOptions { OutputType = DataType.Parse("float[8]") }), Vector8, ExpVector),
        new("c_time", Udf.Scalar("c_time", (long id) => StaticTypeUdfs.Epoch.AddSeconds(id).AddTicks(10 * (id % 100))), DataType.Timestamp, ExpTime),
        // A DateTimeOffset is stored as the same instant in UTC.
        new("c_offset", Udf.Scalar("c_offset", (long id) => new DateTimeOffset(StaticTypeUdfs.Epoch.AddSeconds(id).AddTicks(10 * (id % 100)).AddHours(2).Ticks, TimeSpan.FromHours(2))),
            DataType.Timestamp, ExpTime),
        new("c_info", Udf.Scalar("c_info", (string title) => new LooseTitleInfo(title.Length, title[..1])), InfoType, ExpInfo),
        // A tuple as one struct column, with its type declared (see TupleReturned_WithoutOutputs_IsOneStructColumn).
        new("c_tuple", Udf.Scalar("c_tuple", (long id) => (id, Title(id)), new UdfOptions { OutputType = TupleType }), TupleType, ExpTuple),
    ];

    private static Udf Method(string method, string name, UdfOptions? options = null) =>
        Udf.FromMethod(typeof(StaticTypeUdfs).GetMethod(method)!, name, options);

    private static List<Case> MethodCases() =>
    [
        new("m_int", Method(nameof(StaticTypeUdfs.IntOf), "m_int"), DataType.Int32, ExpInt),
        new("m_long", Method(nameof(StaticTypeUdfs.LongOf), "m_long"), DataType.Int64, ExpLong),
        new("m_float", Method(nameof(StaticTypeUdfs.FloatOf), "m_float"), DataType.Float32, ExpFloat),
        new("m_double", Method(nameof(StaticTypeUdfs.DoubleOf), "m_double"), DataType.Float64, ExpDouble),
        new("m_bool", Method(nameof(StaticTypeUdfs.BoolOf), "m_bool"), DataType.Boolean, ExpBool),
        new("m_string", Method(nameof(StaticTypeUdfs.StringOf), "m_string"), DataType.String, ExpString),
        new("m_bytes", Method(nameof(StaticTypeUdfs.BytesOf), "m_bytes"), DataType.Binary, ExpBytes),
        new("m_list", Method(nameof(StaticTypeUdfs.ListOf), "m_list"), DataType.List(DataType.Float32), ExpList),
        new("m_vector", Method(nameof(StaticTypeUdfs.VectorOf), "m_vector", new UdfOptions { OutputType = DataType.Parse("float[8]") }), Vector8, ExpVector),
        new("m_time", Method(nameof(StaticTypeUdfs.TimeOf), "m_time"), DataType.Timestamp, ExpTime),
        new("m_info", Method(nameof(StaticTypeUdfs.InfoOf), "m_info"), InfoType, ExpInfo),
    ];

    private static async Task RunCasesAsync(List<Case> cases)
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        foreach (var c in cases)
        {
            Assert.Equal(c.Type, c.Udf.Outputs[0].Type);
            await table.AddColumnsAsync(c.Udf);
            Assert.True(c.Type == table.Schema[c.Column].Type, $"{c.Column}: expected {c.Type}, table has {table.Schema[c.Column].Type}");
        }
        foreach (var c in cases)
        {
            var result = await table.BackfillAsync(c.Column, new BackfillOptions { Concurrency = 2 });
            Assert.Equal(300, result.RowsComputed);
            Assert.Equal(3, result.FragmentsCommitted);
        }
        var values = await ByIdAsync(table, cases.Select(c => c.Column).ToArray());
        Assert.Equal(300, values.Count);
        for (var i = 0; i < cases.Count; i++)
            foreach (var (id, row) in values)
                BatchAssert.ValueEqual(cases[i].Expected(id), row[i], $"{cases[i].Column}[id {id}]");
    }

    [Fact]
    public Task ScalarLambdas_OfEveryOutputType_AreStoredAndFilled() => RunCasesAsync(LambdaCases());

    [Fact]
    public Task StaticMethods_OfEveryOutputType_AreStoredAndFilled() => RunCasesAsync(MethodCases());

    [Fact]
    public async Task Record_WithValueTypeMembers_IsAStructColumn_ThatCanBeBackfilled()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 200));
        var lambda = Udf.Scalar("c_strict", (string title) => new TitleInfo(title.Length, title[..1]));
        var method = Udf.FromMethod(typeof(StaticTypeUdfs).GetMethod(nameof(StaticTypeUdfs.StrictInfoOf))!, "m_strict");
        Assert.Equal(StrictInfoType, lambda.Outputs[0].Type);
        await table.AddColumnsAsync(lambda);
        await table.AddColumnsAsync(method);
        Assert.Equal(200, (await table.BackfillAsync("c_strict", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        Assert.Equal(200, (await table.BackfillAsync("m_strict", new BackfillOptions { Concurrency = 2 })).RowsComputed);
        await table.AlterColumnAsync("c_strict", lambda);
        foreach (var (id, row) in await ByIdAsync(table, "c_strict", "m_strict"))
        {
            BatchAssert.ValueEqual(ExpInfo(id), row[0], $"c_strict[id {id}]");
            BatchAssert.ValueEqual(ExpInfo(id), row[1], $"m_strict[id {id}]");
        }
    }

    [Fact]
    public void StaticMethod_Udf_DefaultsToTheMethodName_AndBindsParameterNames()
    {
        var udf = Udf.FromMethod(typeof(StaticTypeUdfs).GetMethod(nameof(StaticTypeUdfs.IntOf))!);
        Assert.Equal("IntOf", udf.Name);
        Assert.Equal(new[] { "title" }, udf.Inputs);
        Assert.Equal(UdfKind.Scalar, udf.Kind);
        Assert.False(udf.IsAnonymous);
        Assert.Equal(typeof(StaticTypeUdfs).FullName, udf.Location.TypeName);
        Assert.Equal(nameof(StaticTypeUdfs.IntOf), udf.Location.MethodName);
        Assert.True(Udf.Scalar("x", (string title) => title.Length).IsAnonymous);
    }

    [Fact]
    public async Task TupleReturned_WithoutOutputs_IsOneStructColumn()
    {
        // UdfOptions.Outputs: "Null: a single struct column" — for a tuple as for a record.
        var udf = Udf.Scalar("pair", (long id) => (id, id.ToString(CultureInfo.InvariantCulture)));
        Assert.Single(udf.Outputs);
        Assert.Equal(TypeKind.Struct, udf.Outputs[0].Type.Kind);
        Assert.Equal(2, udf.Outputs[0].Type.Fields.Count);

        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 150));
        await table.AddColumnsAsync(udf);
        var result = await table.BackfillAsync("pair", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(150, result.RowsComputed);
        var values = await ColumnAsync(table, "pair");
        foreach (var (id, value) in values)
        {
            var d = Assert.IsAssignableFrom<IDictionary<string, object?>>(value);
            Assert.Equal(new object?[] { id, id.ToString(CultureInfo.InvariantCulture) }, d.Values.ToArray());
        }
    }

    [Fact]
    public async Task Inputs_BoundByParameterName_ByDeclaredInputs_AndOverriddenInAddColumns()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 250));
        // By parameter name.
        await table.AddColumnsAsync(Udf.Scalar("by_name", (string title) => title.Length));
        // By declared inputs (the parameter's own name is not a column).
        var declared = Udf.Scalar("by_declared", (string s) => s + "!", new UdfOptions { Inputs = ["title"] });
        Assert.Equal(new[] { "title" }, declared.Inputs);
        await table.AddColumnsAsync(declared);
        // Overridden when adding: the same UDF bound to another column, under another name.
        var len = Udf.Scalar("len", (string? title) => title?.Length ?? -1);
        await table.AddColumnsAsync(len, "text_len", inputs: ["text"]);
        await table.AddColumnsAsync(len, "title_len");
        // Declared inputs overridden too; two parameters.
        var both = Udf.Scalar("both", (long a, int b) => a * 100 + b, new UdfOptions { Inputs = ["id", "n"] });
        await table.AddColumnsAsync(both, "both_swapped", inputs: ["n", "id"]);

        foreach (var c in new[] { "by_name", "by_declared", "text_len", "title_len", "both_swapped" })
            Assert.Equal(250, (await table.BackfillAsync(c, new BackfillOptions { Concurrency = 2 })).RowsComputed);

        var values = await ByIdAsync(table, "by_name", "by_declared", "text_len", "title_len", "both_swapped");
        foreach (var (id, row) in values)
        {
            Assert.Equal(Title(id).Length, row[0]);
            Assert.Equal(Title(id) + "!", row[1]);
            Assert.Equal(HasText(id) ? Text(id).Length : -1, row[2]);
            Assert.Equal(Title(id).Length, row[3]);
            Assert.Equal((id % 13) * 100 + id, row[4]);
        }
    }

    [Fact]
    public async Task Inputs_ThatDoNotFit_AreRejected()
    {
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("x", (string s) => s.Length, new UdfOptions { Inputs = ["a", "b"] }));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("x", () => 1));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("x", (string s) => Task.FromResult(1)));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("x", (string s) => { }));
        Assert.Throws<StrataInvalidInputException>(() => Udf.Scalar("x", (string s) => new object()));

        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 50));
        var udf = Udf.Scalar("len", (string title) => title.Length);
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => table.AddColumnsAsync(udf, inputs: ["title", "text"]));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.AddColumnsAsync(udf, inputs: ["no_such_column"]));
        await Assert.ThrowsAnyAsync<StrataException>(() => table.AddColumnsAsync(Udf.Scalar("ghost", (string ghost) => ghost.Length)));
        Assert.False(table.Schema.Contains("len"));
        Assert.False(table.Schema.Contains("ghost"));
        await table.AddColumnsAsync(udf);
        await Assert.ThrowsAsync<StrataAlreadyExistsException>(() => table.AddColumnsAsync(udf));
    }

    [Fact]
    public async Task NullInputs_ToNonNullableParameters_GiveNull_WithoutCalling()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 350));
        var calls = 0L;
        var seen = new System.Collections.Concurrent.ConcurrentBag<long>();
        await table.AddColumnsAsync(Udf.Scalar("twice", (long id, double value) =>
        {
            Interlocked.Increment(ref calls);
            seen.Add(id);
            return value * 2;
        }));
        var nonNull = Enumerable.Range(0, 350).Count(i => HasValue(i));
        var result = await table.BackfillAsync("twice", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(nonNull, Interlocked.Read(ref calls));
        Assert.Equal(nonNull, result.Calls);
        Assert.DoesNotContain(seen, id => !HasValue(id));
        foreach (var (id, v) in await ColumnAsync(table, "twice"))
            Assert.Equal(HasValue(id) ? id * 0.5 * 2 : null, v);

        // A rerun finds the null rows still null, but they are skipped again without calls.
        var again = await table.BackfillAsync("twice");
        Assert.Equal(nonNull, Interlocked.Read(ref calls));
        Assert.Equal(0, again.Calls);
    }

    [Fact]
    public async Task NullableParameters_ReceiveNulls()
    {
        await using var t = await LakeAsync(100);
        var table = await t.Lake.CreateTableAsync("docs", Rows(0, 300));
        var valueCalls = 0L;
        var textCalls = 0L;
        await table.AddColumnsAsync(Udf.Scalar("value_or", (double? value) =>
        {
            Interlocked.Increment(ref valueCalls);
            return value is { } v ? v * 2 : -1.0;
        }));
        await table.AddColumnsAsync(Udf.Scalar("text_or", (string? text) =>
        {
            Interlocked.Increment(ref textCalls);
            return text is null ? "<null>" : text.Length.ToString(CultureInfo.InvariantCulture);
        }));
        // A nullable return type: null outputs are stored as null.
        await table.AddColumnsAsync(Udf.Scalar("maybe", (int n) => n % 3 == 0 ? (int?)null : n));
        Assert.Equal(DataType.Int32, table.Schema["maybe"].Type);
        await table.BackfillAsync("value_or", new BackfillOptions { Concurrency = 2 });
        await table.BackfillAsync("text_or", new BackfillOptions { Concurrency = 2 });
        await table.BackfillAsync("maybe", new BackfillOptions { Concurrency = 2 });
        Assert.Equal(300, Interlocked.Read(ref valueCalls));
        Assert.Equal(300, Interlocked.Read(ref textCalls));
        foreach (var (id, row) in await ByIdAsync(table, "value_or", "text_or", "maybe"))
        {
            Assert.Equal(HasValue(id) ? id * 0.5 * 2 : -1.0, row[0]);
            Assert.Equal(HasText(id) ? Text(id).Length.ToString(CultureInfo.InvariantCulture) : "<null>", row[1]);
            Assert.Equal(id % 13 % 3 == 0 ? null : (object)(int)(id % 13), row[2]);
        }
    }
}
