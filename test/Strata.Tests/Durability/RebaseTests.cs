using System.Globalization;
using Strata.Storage;
using Strata.TestHost;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Durability;

/// <summary>
/// The rebase rules of the commit protocol, each race forced rather than hoped for: one writer's first
/// manifest creation is held (through a storage wrapper) until a second writer, with its own lake object,
/// has committed; the held commit then loses the race and must rebase — or fail with a conflict — exactly
/// as docs/format.md says, without losing anything the other committed.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class RebaseTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task AnAppendThatLosesTheRaceToAColumnAddition_GetsTheColumnComputedForItsRows()
    {
        await using var race = await HeldRace.CreateAsync();
        var append = race.HeldTable.AddAsync(CommitPlan.Rows(10, 10, "held"));
        await race.WaitUntilHeldAsync(append);
        Assert.Equal(2, (await race.OtherTable.AddColumnsAsync(new Dictionary<string, string> { ["c"] = "id * 7" })).Version);
        race.Release();
        Assert.Equal(3, (await append.WaitAsync(Generous)).Version);

        var latest = await race.ReopenAsync();
        Assert.Equal(["create", "add_columns", "append"], (await latest.ListVersionsAsync()).Select(v => v.Operation));
        var batch = await latest.ToBatchAsync();
        Assert.Equal(20, batch.RowCount);
        for (var r = 0; r < batch.RowCount; r++)
            Assert.Equal(Int(batch[r, "id"]) * 7, Int(batch[r, "c"]));
    }

    [Fact]
    public async Task AColumnAdditionThatLosesTheRaceToAppends_ComputesTheColumnForTheAppendedRows()
    {
        await using var race = await HeldRace.CreateAsync();
        var add = race.HeldTable.AddColumnsAsync(new Dictionary<string, string> { ["c"] = "id * 3" });
        await race.WaitUntilHeldAsync(add);
        Assert.Equal(2, (await race.OtherTable.AddAsync(CommitPlan.Rows(10, 10, "other"))).Version);
        Assert.Equal(3, (await race.OtherTable.AddAsync(CommitPlan.Rows(20, 10, "other"))).Version);
        Assert.Equal(1, race.HeldStorage.FilesPut); // the column file of the base fragment, computed before the commit was held
        race.Release();
        Assert.Equal(4, (await add.WaitAsync(Generous)).Version);
        // The rebase computed the column only for the two appended fragments; the base fragment's file was reused.
        Assert.Equal(3, race.HeldStorage.FilesPut);

        var latest = await race.ReopenAsync();
        var batch = await latest.ToBatchAsync();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), Enumerable.Range(0, batch.RowCount).Select(r => Int(batch[r, "id"])).Order());
        for (var r = 0; r < batch.RowCount; r++)
            Assert.Equal(Int(batch[r, "id"]) * 3, Int(batch[r, "c"]));
    }

    [Fact]
    public async Task ADeleteThatLosesTheRaceToAnAppend_StillCommits_AndKeepsTheAppendedRows()
    {
        await using var race = await HeldRace.CreateAsync();
        var delete = race.HeldTable.DeleteAsync("id < 5");
        await race.WaitUntilHeldAsync(delete);
        Assert.Equal(2, (await race.OtherTable.AddAsync(CommitPlan.Rows(10, 10, "other"))).Version);
        race.Release();
        Assert.Equal(5, await delete.WaitAsync(Generous));

        var latest = await race.ReopenAsync();
        Assert.Equal(3, latest.Version);
        var batch = await latest.ToBatchAsync();
        Assert.Equal(Enumerable.Range(5, 15).Select(i => (long)i), Enumerable.Range(0, batch.RowCount).Select(r => Int(batch[r, "id"])).Order());
    }

    [Fact]
    public async Task AnUpdateThatLosesTheRaceToAColumnAddition_FailsWithAConflict_AndLeavesNothingBehind()
    {
        await using var race = await HeldRace.CreateAsync();
        var update = race.HeldTable.UpdateAsync("id < 5", new Dictionary<string, string> { ["val"] = "val + 100" });
        await race.WaitUntilHeldAsync(update);
        await race.OtherTable.AddColumnsAsync(new Dictionary<string, string> { ["c"] = "id * 2" });
        race.Release();
        await Assert.ThrowsAsync<StrataConflictException>(() => update.WaitAsync(Generous));

        var latest = await race.ReopenAsync();
        Assert.Equal(2, latest.Version);
        var batch = await latest.ToBatchAsync();
        for (var r = 0; r < batch.RowCount; r++)
            Assert.Equal(Int(batch[r, "id"]), Int(batch[r, "val"]));
        Assert.Equal(0, race.Audit().OrphanDataFiles); // the failed update removed the files it wrote
    }

    private static long Int(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>
    /// A table of ten rows (ids 0–9) and two writers with their own lake objects: the "held" one, whose first
    /// table-manifest creation waits until <see cref="Release"/>, and the "other" one, which commits freely.
    /// </summary>
    private sealed class HeldRace : IAsyncDisposable
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Lake> _lakes = [];
        private string _folder = "";
        private string _tableId = "";
        private int _holds;

        public Table HeldTable { get; private set; } = null!;
        public FaultInjectingStorage HeldStorage { get; private set; } = null!;
        public Table OtherTable { get; private set; } = null!;

        public static async Task<HeldRace> CreateAsync()
        {
            var race = new HeldRace { _folder = TempLake.NewFolder() };
            await using (var lake = await Lake.CreateAsync(race._folder, Options("tests")))
                race._tableId = (await lake.CreateTableAsync("t", CommitPlan.Rows(0, 10, "base"))).Id;
            var storage = new FaultInjectingStorage(new LocalFolderStorage(race._folder))
            {
                BeforeCreate = async (path, ct) =>
                {
                    if (!FaultInjectingStorage.IsTableManifest(path) || Interlocked.Increment(ref race._holds) != 1) return;
                    race._held.SetResult();
                    await race._release.Task.WaitAsync(ct);
                },
            };
            race.HeldStorage = storage;
            var held = await Lake.OpenAsync(storage, Options("held"));
            var other = await Lake.OpenAsync(race._folder, Options("other"));
            race._lakes.AddRange([held, other]);
            race.HeldTable = await held.OpenTableAsync("t");
            race.OtherTable = await other.OpenTableAsync("t");
            return race;
        }

        /// <summary>Waits until the held writer has planned its change and is about to create the next manifest.</summary>
        public async Task WaitUntilHeldAsync(Task operation)
        {
            if (await Task.WhenAny(_held.Task, operation).WaitAsync(Generous) == operation)
                await operation; // it failed (or finished) before reaching the commit: surface that
            Assert.True(_held.Task.IsCompleted, "the held writer finished without creating a manifest");
        }

        public void Release() => _release.TrySetResult();

        public async Task<Table> ReopenAsync()
        {
            var lake = await Lake.OpenAsync(_folder, Options("tests"));
            _lakes.Add(lake);
            return await lake.OpenTableAsync("t");
        }

        public LakeFileAudit.Result Audit() => new LakeFileAudit(_folder, _tableId).Check();

        public async ValueTask DisposeAsync()
        {
            Release();
            foreach (var lake in _lakes) await lake.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { }
        }

        private static LakeOptions Options(string author) => new() { Author = author, EngineThreads = 1 };
    }
}
