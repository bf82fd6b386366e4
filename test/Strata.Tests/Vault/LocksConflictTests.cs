using Strata.Vault.Locks;

namespace Strata.Tests.Vault;

/// <summary>The conflict rules, all-or-nothing grants, re-entrancy and release, on a real lock folder.</summary>
public sealed class LocksConflictTests
{
    private const LockMode S = LockMode.Shared;
    private const LockMode X = LockMode.Exclusive;

    // held by owner A, then requested by owner B: does B get it at once?
    [Theory]
    [InlineData("t", null, X, "t", null, X, true)]
    [InlineData("t", null, X, "t", null, S, true)]
    [InlineData("t", null, X, "t", "i1", S, true)]
    [InlineData("t", null, X, "t", "i1", X, true)]
    [InlineData("t", null, S, "t", null, X, true)]
    [InlineData("t", null, S, "t", null, S, false)]
    [InlineData("t", null, S, "t", "i1", S, false)]
    [InlineData("t", null, S, "t", "i1", X, false)]
    [InlineData("t", "i1", S, "t", null, X, true)]
    [InlineData("t", "i1", X, "t", null, X, true)]
    [InlineData("t", "i1", S, "t", null, S, false)]
    [InlineData("t", "i1", X, "t", null, S, false)]
    [InlineData("t", "i1", S, "t", "i1", S, false)]
    [InlineData("t", "i1", S, "t", "i1", X, true)]
    [InlineData("t", "i1", X, "t", "i1", S, true)]
    [InlineData("t", "i1", X, "t", "i1", X, true)]
    [InlineData("t", "i1", X, "t", "i2", X, false)]
    [InlineData("t", null, X, "u", null, X, false)]
    [InlineData("t", "i1", X, "u", "i1", X, false)]
    public async Task Conflict_matrix_between_two_owners(string heldTable, string? heldInstance, LockMode heldMode,
        string reqTable, string? reqInstance, LockMode reqMode, bool conflicts)
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        await using var held = await locks.AcquireAsync("A", [new LockRequest(heldTable, heldInstance, heldMode)]);
        var request = new LockRequest(reqTable, reqInstance, reqMode);
        if (conflicts)
        {
            var e = await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("B", [request]));
            Assert.Equal("A", e.Holder.OwnerProcessId);
            Assert.Equal(request, e.Requested);
            Assert.Single(locks.List());
        }
        else
        {
            await using var lease = await locks.AcquireAsync("B", [request]);
            Assert.Equal(2, locks.List().Count);
        }
        // The same owner is re-entrant whatever the combination.
        await using var again = await locks.AcquireAsync("A", [request]);
    }

    [Fact]
    public async Task A_request_is_all_or_nothing()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        await using var a = await locks.AcquireAsync("A", [new LockRequest("t1", null, LockMode.Exclusive)]);

        var e = await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("B",
            [new LockRequest("t2", null, LockMode.Exclusive), new LockRequest("t3", "v", LockMode.Exclusive), new LockRequest("t1", null, LockMode.Shared)]));
        Assert.Equal("t1", e.Holder.Table);

        // B got none of them: C takes t2 and t3 at once, and only A's and C's locks are recorded.
        await using var c = await locks.AcquireAsync("C", [new LockRequest("t2", null, LockMode.Exclusive), new LockRequest("t3", "v", LockMode.Exclusive)]);
        Assert.DoesNotContain(locks.List(), h => h.OwnerProcessId == "B");
        Assert.Equal(["A", "C", "C"], locks.List().Select(h => h.OwnerProcessId).Order().ToArray());
    }

    [Fact]
    public async Task Disposing_a_lease_releases_only_its_locks_and_ReleaseAll_releases_every_lease_of_the_owner()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        var first = await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)]);
        var second = await locks.AcquireAsync("A", [new LockRequest("t", "i", LockMode.Shared), new LockRequest("u", null, LockMode.Shared)]);
        Assert.Equal(3, locks.List().Count);

        await first.DisposeAsync();
        await first.DisposeAsync(); // idempotent
        Assert.Equal(2, locks.List().Count);
        // The table is no longer exclusive, but A's shared instance lock still blocks an exclusive table lock.
        await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]));
        await using (await locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Shared)])) { }

        Assert.Equal(2, locks.ReleaseAll("A"));
        Assert.Empty(locks.List());
        Assert.Equal(0, locks.ReleaseAll("A"));
        second.Dispose(); // nothing left to release; must not throw
        await using var b = await locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]);
        Assert.Equal("B", Assert.Single(locks.List()).OwnerProcessId);
    }

    [Fact]
    public async Task Waits_then_fails_naming_the_holder()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.FromMilliseconds(400));
        await using var a = await locks.AcquireAsync("proc-A", [new LockRequest("tbl", null, LockMode.Exclusive)]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("proc-B", [new LockRequest("tbl", "base", LockMode.Shared)]));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"gave up after {clock.Elapsed}");
        Assert.Equal("proc-A", e.Holder.OwnerProcessId);
        Assert.Equal(Environment.ProcessId, e.Holder.OsProcessId);
        Assert.Equal(Environment.MachineName, e.Holder.Host);
        Assert.Contains("proc-A", e.Message, StringComparison.Ordinal);
        Assert.Contains($"OS pid {Environment.ProcessId}", e.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, e.Message, StringComparison.Ordinal);
        Assert.Contains("since", e.Message, StringComparison.Ordinal);
        Assert.Contains("StopProcessAsync", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<StrataException>(e);
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_once_the_holder_releases_it()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.FromSeconds(10));
        var a = await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)]);
        var waiter = locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]);
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        await a.DisposeAsync();
        await using var b = await waiter.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("B", Assert.Single(locks.List()).OwnerProcessId);
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.FromSeconds(30));
        await using var a = await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Shared)], cancellationToken: cts.Token));
        Assert.Single(locks.List());
    }

    [Fact]
    public async Task Many_concurrent_owners_never_hold_an_exclusive_lock_together()
    {
        using var folder = new LocksTestFolder();
        var inside = 0;
        var maxInside = 0;
        var tasks = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var locks = new LockManager(folder.Path, TimeSpan.FromSeconds(30)); // one manager each, like separate processes
            for (var i = 0; i < 5; i++)
            {
                await using var lease = await locks.AcquireAsync($"owner-{n}", [new LockRequest("t", null, LockMode.Exclusive)]);
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                await Task.Delay(2);
                Interlocked.Decrement(ref inside);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(1, maxInside);
        Assert.Empty(new LockManager(folder.Path, TimeSpan.Zero).List());
    }

    [Fact]
    public async Task Bad_input_is_rejected_with_a_typed_error_and_changes_nothing()
    {
        using var folder = new LocksTestFolder();
        Assert.Throws<StrataInvalidInputException>(() => new LockManager("relative/locks", TimeSpan.Zero));
        Assert.Throws<StrataInvalidInputException>(() => new LockManager(folder.Path, TimeSpan.FromSeconds(-1)));
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => locks.AcquireAsync(" ", [new LockRequest("t", null, LockMode.Shared)]));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Shared), new LockRequest("", null, LockMode.Shared)]));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => locks.AcquireAsync("A", [new LockRequest("t", "", LockMode.Shared)]));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => locks.AcquireAsync("A", [new LockRequest("t", null, (LockMode)7)]));
        await Assert.ThrowsAsync<StrataInvalidInputException>(() => locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Shared)], TimeSpan.FromSeconds(-2)));
        Assert.Throws<StrataInvalidInputException>(() => locks.ReleaseAll(""));
        Assert.Empty(locks.List());
    }

    [Fact]
    public async Task A_corrupt_or_future_lock_table_is_a_typed_error_naming_the_file()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        var file = Path.Combine(folder.Path, "locks.json");
        await File.WriteAllTextAsync(file, "{ not json");
        var e = Assert.Throws<StrataCorruptDataException>(() => locks.List());
        Assert.Equal(file, e.Path);
        await File.WriteAllTextAsync(file, """{"format":"strata.vault.locks","formatVersion":99,"locks":[]}""");
        Assert.Contains("version 99", Assert.Throws<StrataCorruptDataException>(() => locks.List()).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StrataCorruptDataException>(() => locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Shared)]));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
