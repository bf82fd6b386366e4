using System.Globalization;
using System.Reflection;
using Strata.Data;
using Strata.Udfs;

namespace Strata.TestHost;

/// <summary>
/// The backfill workload of the crash-resume tests: a table of <c>id</c>, <c>text</c> rows and a scalar UDF
/// column <see cref="UdfName"/> computed by <see cref="Score"/>. The tests (adding the column) and the host
/// (running the backfill) both build the UDF with <see cref="CreateUdf"/> from the same method, so their
/// UDF versions — and therefore the checkpoint keys — are the same.
/// </summary>
public static class BackfillWorkload
{
    /// <summary>The UDF's name, and the name of the column the tests add with it.</summary>
    public const string UdfName = "score";

    /// <summary>Rows per checkpoint the host asks for (the most a kill can lose per running task).</summary>
    public const int CheckpointSize = 50;

    /// <summary>Rows per task the host asks for.</summary>
    public const int TaskRows = 200;

    /// <summary>The UDF: <see cref="Score"/> as a scalar UDF named <see cref="UdfName"/>.</summary>
    public static Udf CreateUdf() =>
        Udf.FromMethod(typeof(BackfillWorkload).GetMethod(nameof(Score), BindingFlags.Public | BindingFlags.Static)!, UdfName);

    /// <summary>
    /// The UDF's function: <see cref="Expected"/>, after recording the call (in the host: one line per call in the
    /// calls file, and the stall/slow-down the test asked for; in any other process: nothing).
    /// </summary>
    public static long Score(long id, string text)
    {
        BackfillCalls.OnCall(id);
        return Expected(id, text);
    }

    /// <summary>What <see cref="Score"/> returns (deterministic, so a test can check every value without a reference run).</summary>
    public static long Expected(long id, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var h = unchecked(id * 1_000_003L + 17);
        foreach (var c in text) h = unchecked(h * 31 + c);
        return h;
    }

    /// <summary>The text of row <paramref name="id"/>.</summary>
    public static string Text(long id) => "doc-" + id.ToString(CultureInfo.InvariantCulture) + "-" + new string('x', (int)(id % 17));

    /// <summary>Rows <paramref name="firstId"/>… (<paramref name="count"/> of them): <c>id</c> and <c>text</c>.</summary>
    public static RecordBatch Rows(long firstId, int count)
    {
        var ids = new long[count];
        var texts = new string?[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = firstId + i;
            texts[i] = Text(firstId + i);
        }
        return new RecordBatch(("id", Column.From(ids)), ("text", Column.From(texts)));
    }
}
