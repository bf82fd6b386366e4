using Strata.Storage;
using Strata.TestHost;
using Strata.Tests.TestSupport;

namespace Strata.Tests.Durability;

/// <summary>
/// Invariant 1 under failures that are not crashes: a commit that fails or is cancelled at a given step
/// of the protocol (through a storage wrapper) leaves either no new version, or a complete one.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class CommitFaultTests
{
    private static LakeOptions Options() => new() { Author = "tests", EngineThreads = 1 };

    [Theory]
    [InlineData("cancelled")]
    [InlineData("access denied")]
    public async Task AFailureAfterTheManifestIsCreated_LeavesTheCommittedVersionComplete(string failure)
    {
        var folder = TempLake.NewFolder();
        try
        {
            await using (var lake = await Lake.CreateAsync(folder, Options()))
                await lake.CreateTableAsync("t", CommitPlan.Rows(0, 10, "tests"));

            // Fail the commit's next step after the create-if-absent of version 2: the `_latest` hint write.
            using var cts = new CancellationTokenSource();
            var storage = new FaultInjectingStorage(new LocalFolderStorage(folder))
            {
                BeforeWrite = (path, ct) =>
                {
                    if (!path.StartsWith("tables/", StringComparison.Ordinal) || !path.EndsWith("/v/_latest", StringComparison.Ordinal)) return Task.CompletedTask;
                    if (failure == "cancelled")
                    {
                        cts.Cancel();
                        ct.ThrowIfCancellationRequested();
                    }
                    throw new UnauthorizedAccessException($"access to {path} is denied");
                },
            };
            await using (var lake = await Lake.OpenAsync(storage, Options()))
            {
                var table = await lake.OpenTableAsync("t");
                try
                {
                    await table.AddAsync(CommitPlan.Rows(10, 10, "tests"), cancellationToken: cts.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or UnauthorizedAccessException)
                {
                    // Reporting the failure is fine; losing the data of a version that is committed is not.
                }
            }

            // Version 2's manifest exists, so version 2 is committed: it must read completely.
            await using var reopened = await Lake.OpenAsync(folder, Options());
            var t = await reopened.OpenTableAsync("t");
            Assert.Equal(2, t.Version);
            var batch = await t.ToBatchAsync();
            Assert.Equal(20, batch.RowCount);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    [Fact]
    public async Task ACancellationBeforeTheManifestIsCreated_LeavesNoVersion_AndNoFiles()
    {
        var folder = TempLake.NewFolder();
        try
        {
            string tableId;
            await using (var lake = await Lake.CreateAsync(folder, Options()))
                tableId = (await lake.CreateTableAsync("t", CommitPlan.Rows(0, 10, "tests"))).Id;
            var audit = new LakeFileAudit(folder, tableId);
            Assert.Equal(0, audit.Check().OrphanDataFiles);

            using var cts = new CancellationTokenSource();
            var storage = new FaultInjectingStorage(new LocalFolderStorage(folder))
            {
                BeforeCreate = (path, ct) =>
                {
                    if (!FaultInjectingStorage.IsTableManifest(path)) return Task.CompletedTask;
                    cts.Cancel();
                    ct.ThrowIfCancellationRequested();
                    return Task.CompletedTask;
                },
            };
            await using (var lake = await Lake.OpenAsync(storage, Options()))
            {
                var table = await lake.OpenTableAsync("t");
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.AddAsync(CommitPlan.Rows(10, 10, "tests"), cancellationToken: cts.Token));
                Assert.Equal(1, table.Version);
            }

            var files = audit.Check();
            Assert.Equal([1L], files.Versions);
            Assert.Equal(0, files.OrphanDataFiles); // the attempt's data file was removed
            await using var reopened = await Lake.OpenAsync(folder, Options());
            var t = await reopened.OpenTableAsync("t");
            Assert.Equal(1, t.Version);
            Assert.Equal(10, (await t.ToBatchAsync()).RowCount);
            Assert.Equal(2, (await t.AddAsync(CommitPlan.Rows(10, 10, "tests"))).Version);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
