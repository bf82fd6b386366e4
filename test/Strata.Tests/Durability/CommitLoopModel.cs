using System.Globalization;
using Strata.Data;
using Strata.TestHost;

namespace Strata.Tests.Durability;

/// <summary>
/// What every version of the crash test's table must contain, derived from the version history alone:
/// the host's versions follow <see cref="CommitPlan"/> step by step (author <see cref="CommitPlan.HostAuthor"/>),
/// the test's own appends are recorded here. Versions are applied in order; <see cref="VerifyAsync"/> then
/// compares a table read at the last applied version with the model, row by row.
/// </summary>
internal sealed class CommitLoopModel
{
    public const long TestIdBase = 1_000_000_000;
    public const string TestAuthor = "tests";
    public const string TestWriter = "tests";
    public const int TestRows = 10;

    private readonly SortedDictionary<long, long> _vals = [];
    private readonly List<(string Name, long Multiplier)> _columns = [];
    private readonly Dictionary<long, long> _testAppends;
    private readonly Dictionary<long, long> _stepOfVersion = [];
    private long _hostSteps;

    public CommitLoopModel() => _testAppends = [];

    private CommitLoopModel(Dictionary<long, long> testAppends) => _testAppends = new(testAppends);

    /// <summary>The last version applied to the model.</summary>
    public long Version { get; private set; }

    /// <summary>Host step of each host version applied so far.</summary>
    public IReadOnlyDictionary<long, long> StepOfVersion => _stepOfVersion;

    public long RowCount => _vals.Count;

    /// <summary>A fresh model that knows the same test appends, for replaying the history from version 1.</summary>
    public CommitLoopModel Replay() => new(_testAppends);

    /// <summary>Records that the test itself committed <paramref name="version"/> with <see cref="TestRows"/> rows from <paramref name="firstId"/>.</summary>
    public void RecordTestAppend(long version, long firstId) => _testAppends.Add(version, firstId);

    /// <summary>The first id of the test's next append (ids never repeat).</summary>
    public long NextTestId => TestIdBase + (long)_testAppends.Count * TestRows;

    /// <summary>Applies the next version of the history.</summary>
    public void Apply(TableVersion v)
    {
        Assert.True(v.Version == Version + 1, $"versions must be applied in order: got {v.Version} after {Version}");
        if (v.Author == CommitPlan.HostAuthor)
        {
            var step = CommitPlan.For(_hostSteps);
            Assert.True(step.OperationKind == v.Operation,
                $"version {v.Version} is host step {step.Step}, which must be '{step.OperationKind}', but the manifest says '{v.Operation}'");
            ApplyStep(step);
            _stepOfVersion[v.Version] = _hostSteps++;
        }
        else
        {
            Assert.True(v.Author == TestAuthor, $"version {v.Version} has unexpected author '{v.Author}'");
            Assert.True(_testAppends.TryGetValue(v.Version, out var first), $"version {v.Version} by the test was not recorded");
            Assert.Contains(v.Operation, new[] { "create", "append" });
            for (var i = 0; i < TestRows; i++) _vals.Add(first + i, first + i);
        }
        Version = v.Version;
    }

    private void ApplyStep(PlannedStep step)
    {
        switch (step.Kind)
        {
            case StepKind.Append:
                for (var id = step.FirstId; id < step.EndId; id++) _vals.Add(id, id);
                break;
            case StepKind.Delete:
                for (var id = step.FirstId; id < step.EndId; id++)
                    if (id % 2 == 1) Assert.True(_vals.Remove(id), $"step {step.Step} deletes id {id}, which the model does not have");
                break;
            case StepKind.Update:
                for (var id = step.FirstId; id < step.EndId; id++) _vals[id] += PlannedStep.UpdateDelta;
                break;
            case StepKind.AddColumn:
                _columns.Add((step.ColumnName, step.Multiplier));
                break;
            case StepKind.Compact:
                break;
        }
    }

    /// <summary>Asserts that <paramref name="table"/> (read at <see cref="Version"/>) holds exactly the model's rows and columns.</summary>
    public async Task VerifyAsync(Table table)
    {
        Assert.Equal(Version, table.Version);
        var where = $"version {Version.ToString(CultureInfo.InvariantCulture)}";
        var batch = await table.ToBatchAsync();
        string[] expectedNames = ["id", "writer", "val", .. _columns.Select(c => c.Name)];
        Assert.True(expectedNames.SequenceEqual(batch.Schema.Fields.Select(f => f.Name)),
            $"{where}: columns are [{string.Join(", ", batch.Schema.Fields.Select(f => f.Name))}], expected [{string.Join(", ", expectedNames)}]");
        Assert.True(batch.RowCount == _vals.Count, $"{where}: read {batch.RowCount} rows, expected {_vals.Count}");
        Assert.True(table.RowCount == _vals.Count, $"{where}: the manifest counts {table.RowCount} rows, expected {_vals.Count}");
        var ids = batch.Column("id");
        var writers = batch.Column("writer");
        var vals = batch.Column("val");
        var extra = _columns.Select(c => (Column: batch.Column(c.Name), c.Name, c.Multiplier)).ToList();
        var seen = new HashSet<long>();
        for (var r = 0; r < batch.RowCount; r++)
        {
            var id = Int(ids.GetValue(r)) ?? throw Fail($"{where}: row {r} has a null id");
            if (!seen.Add(id)) throw Fail($"{where}: id {id} appears twice");
            if (!_vals.TryGetValue(id, out var val)) throw Fail($"{where}: id {id} should not be there");
            if (Int(vals.GetValue(r)) != val) throw Fail($"{where}: id {id} has val {vals.GetValue(r)}, expected {val}");
            var writer = id >= TestIdBase ? TestWriter : CommitPlan.HostWriter;
            if ((string?)writers.GetValue(r) != writer) throw Fail($"{where}: id {id} has writer '{writers.GetValue(r)}', expected '{writer}'");
            foreach (var (column, name, multiplier) in extra)
                if (Int(column.GetValue(r)) != id * multiplier)
                    throw Fail($"{where}: id {id} has {name} = {column.GetValue(r) ?? "null"}, expected {id * multiplier}");
        }
    }

    private static long? Int(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static Xunit.Sdk.XunitException Fail(string message) => new(message);
}
