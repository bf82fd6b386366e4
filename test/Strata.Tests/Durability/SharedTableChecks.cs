using System.Globalization;
using Strata.Data;

namespace Strata.Tests.Durability;

/// <summary>Checks of a table written by several concurrent writers (each appending ids 0, 1, … tagged with its name).</summary>
internal static class SharedTableChecks
{
    /// <summary>
    /// Each writer's ids are exactly 0…n-1, each once; every column named <c>PREFIX_i</c> present in the batch
    /// holds <c>id * i</c> on every row (SQL columns must be computed for rows appended concurrently).
    /// </summary>
    public static void AssertEveryRowOnce(RecordBatch batch, IReadOnlyDictionary<string, long> rowsPerWriter, string columnPrefix, string where)
    {
        var ids = batch.Column("id");
        var writers = batch.Column("writer");
        var vals = batch.Column("val");
        var columns = batch.Schema.Fields.Select(f => f.Name)
            .Where(n => n.StartsWith(columnPrefix + "_", StringComparison.Ordinal))
            .Select(n => (Column: batch.Column(n), Name: n, Multiplier: long.Parse(n.AsSpan(columnPrefix.Length + 1), CultureInfo.InvariantCulture)))
            .ToList();
        var seen = rowsPerWriter.Keys.ToDictionary(w => w, _ => new HashSet<long>());
        for (var r = 0; r < batch.RowCount; r++)
        {
            var writer = (string?)writers.GetValue(r) ?? throw new Xunit.Sdk.XunitException($"{where}: row {r} has no writer");
            Assert.True(seen.TryGetValue(writer, out var set), $"{where}: row {r} has unknown writer '{writer}'");
            var id = Convert.ToInt64(ids.GetValue(r), CultureInfo.InvariantCulture);
            Assert.True(set!.Add(id), $"{where}: {writer}'s id {id} appears twice");
            Assert.True(Convert.ToInt64(vals.GetValue(r), CultureInfo.InvariantCulture) == id, $"{where}: {writer}'s id {id} has val {vals.GetValue(r)}");
            foreach (var (column, name, multiplier) in columns)
            {
                var value = column.GetValue(r);
                Assert.True(value is not null && Convert.ToInt64(value, CultureInfo.InvariantCulture) == id * multiplier,
                    $"{where}: {writer}'s id {id} has {name} = {value ?? "null"}, expected {id * multiplier}");
            }
        }
        foreach (var (writer, n) in rowsPerWriter)
        {
            var set = seen[writer];
            Assert.True(set.Count == n && set.All(id => id >= 0 && id < n),
                $"{where}: {writer} has {set.Count} distinct ids (expected 0..{n - 1}); missing: {string.Join(",", Enumerable.Range(0, (int)n).Where(i => !set.Contains(i)).Take(20))}");
        }
        Assert.Equal(rowsPerWriter.Values.Sum(), batch.RowCount);
    }

    /// <summary>Names of the columns <c>PREFIX_1</c> … <c>PREFIX_n</c>.</summary>
    public static IEnumerable<string> ColumnNames(string prefix, int n) =>
        Enumerable.Range(1, n).Select(i => $"{prefix}_{i.ToString(CultureInfo.InvariantCulture)}");
}
