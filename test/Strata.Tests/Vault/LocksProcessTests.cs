using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Tests.Durability;
using Strata.Vault.Locks;

namespace Strata.Tests.Vault;

/// <summary>Locks held by real child processes (test/Strata.TestHost hold-lock), dead holders and the isStale hook.</summary>
public sealed class LocksProcessTests
{
    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lock_held_by_another_process_blocks_until_that_process_releases_it()
    {
        using var folder = new LocksTestFolder();
        var release = Path.Combine(folder.Root, "release");
        await using var host = HostProcess.Start("hold-lock", folder.Path, "child-proc", "tbl", "-", "exclusive", release);
        var line = await host.WaitForLineAsync(l => l.StartsWith("locked ", StringComparison.Ordinal), HostTimeout);
        Assert.Equal(host.Id, int.Parse(line["locked ".Length..], CultureInfo.InvariantCulture));

        var locks = new LockManager(folder.Path, TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("parent", [new LockRequest("tbl", "i1", LockMode.Shared)]));
        Assert.Equal("child-proc", e.Holder.OwnerProcessId);
        Assert.Equal(host.Id, e.Holder.OsProcessId);
        Assert.Contains($"OS pid {host.Id}", e.Message, StringComparison.Ordinal);
        // Another table is free meanwhile.
        await using (await locks.AcquireAsync("parent", [new LockRequest("other", null, LockMode.Exclusive)])) { }

        var waiter = locks.AcquireAsync("parent", [new LockRequest("tbl", null, LockMode.Exclusive)], TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(release, "");
        await host.WaitForLineAsync(l => l == "released", HostTimeout);
        await using var lease = await waiter;
        Assert.Equal(0, await host.WaitForExitAsync(HostTimeout));
        var holder = Assert.Single(locks.List());
        Assert.Equal(("parent", Environment.ProcessId), (holder.OwnerProcessId, holder.OsProcessId));
    }

    [Fact]
    public async Task The_lock_of_a_killed_holder_is_reclaimed()
    {
        using var folder = new LocksTestFolder();
        await using var host = HostProcess.Start("hold-lock", folder.Path, "doomed", "tbl", "v1", "exclusive", Path.Combine(folder.Root, "never"));
        await host.WaitForLineAsync(l => l.StartsWith("locked ", StringComparison.Ordinal), HostTimeout);
        var locks = new LockManager(folder.Path, TimeSpan.FromSeconds(20));
        Assert.Equal("doomed", Assert.Single(locks.List()).OwnerProcessId);
        await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("me", [new LockRequest("tbl", "v1", LockMode.Shared)], TimeSpan.Zero));

        host.Kill(); // SIGKILL: the child releases nothing itself
        await host.WaitForExitAsync(HostTimeout);

        Assert.Empty(locks.List()); // a dead holder's lock is not in force
        await using var lease = await locks.AcquireAsync("me", [new LockRequest("tbl", null, LockMode.Exclusive)]);
        var holder = Assert.Single(locks.List());
        Assert.Equal("me", holder.OwnerProcessId);
        Assert.DoesNotContain("doomed", await File.ReadAllTextAsync(Path.Combine(folder.Path, "locks.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_isStale_hook_can_keep_the_locks_of_a_dead_process_until_its_owner_adopts_them()
    {
        using var folder = new LocksTestFolder();
        await using (var host = HostProcess.Start("hold-lock", folder.Path, "paused-proc", "tbl", "-", "exclusive", Path.Combine(folder.Root, "never")))
        {
            await host.WaitForLineAsync(l => l.StartsWith("locked ", StringComparison.Ordinal), HostTimeout);
            host.Kill();
            await host.WaitForExitAsync(HostTimeout);
        }
        var paused = new HashSet<string> { "paused-proc" };
        bool IsStale(LockHolder h) => !paused.Contains(h.OwnerProcessId) && LockManager.IsHolderProcessDead(h);
        var locks = new LockManager(folder.Path, TimeSpan.FromMilliseconds(200), IsStale);

        var e = await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("other", [new LockRequest("tbl", null, LockMode.Shared)]));
        Assert.Equal("paused-proc", e.Holder.OwnerProcessId);
        Assert.NotEqual(Environment.ProcessId, e.Holder.OsProcessId);

        // The owner resumes in this OS process: re-entrant, and its old lock is adopted by this pid.
        await using var resumed = await locks.AcquireAsync("paused-proc", [new LockRequest("tbl", "base", LockMode.Exclusive)]);
        Assert.All(locks.List(), h => Assert.Equal(Environment.ProcessId, h.OsProcessId));
        Assert.Equal(2, locks.List().Count);
        // No longer "paused": the default rule now applies, and the adopted locks belong to a live process.
        paused.Clear();
        await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("other", [new LockRequest("tbl", null, LockMode.Shared)]));
        Assert.Equal(2, locks.ReleaseAll("paused-proc"));
    }

    [Fact]
    public async Task An_isStale_hook_can_reclaim_a_live_holder()
    {
        using var folder = new LocksTestFolder();
        var stopped = new HashSet<string>();
        var locks = new LockManager(folder.Path, TimeSpan.Zero, h => stopped.Contains(h.OwnerProcessId));
        await using var a = await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)]);
        await Assert.ThrowsAsync<StrataLockException>(() => locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]));
        stopped.Add("A");
        await using var b = await locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]);
        Assert.Equal("B", Assert.Single(locks.List()).OwnerProcessId);
    }

    [Fact]
    public async Task A_live_pid_with_a_different_start_time_is_a_dead_holder()
    {
        using var folder = new LocksTestFolder();
        var locks = new LockManager(folder.Path, TimeSpan.Zero);
        await using (await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)])) { }
        await using var held = await locks.AcquireAsync("A", [new LockRequest("t", null, LockMode.Exclusive)]);
        var real = Assert.Single(locks.List());
        Assert.False(LockManager.IsHolderProcessDead(real));

        // Rewrite the record as if an earlier process had held it and this process had reused its pid.
        var file = Path.Combine(folder.Path, "locks.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var record = json["locks"]![0]!;
        record["osStart"] = real.OsProcessStart.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        record["owner"] = "pid-reuse-victim";
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var ghost = Assert.Single(new LockManager(folder.Path, TimeSpan.Zero, _ => false).List());
        Assert.Equal(Environment.ProcessId, ghost.OsProcessId);
        Assert.True(LockManager.IsHolderProcessDead(ghost));
        Assert.Empty(locks.List());
        await using var b = await locks.AcquireAsync("B", [new LockRequest("t", null, LockMode.Exclusive)]);
        Assert.Equal("B", Assert.Single(locks.List()).OwnerProcessId);
    }
}
