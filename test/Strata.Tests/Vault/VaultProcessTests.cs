using Strata.Vault;

namespace Strata.Tests.Vault;

/// <summary>Processes: revert on any injected failure, pause/resume with a caller id, restart, stop.</summary>
public sealed class VaultProcessTests
{
    /// <summary>A hook that records every step name and fails at one chosen occurrence.</summary>
    private sealed class StepHook
    {
        public List<string> Seen { get; } = [];
        public string? FailAt { get; set; }
        public bool Fired { get; private set; }

        public bool Check(string step)
        {
            lock (Seen)
            {
                Seen.Add(step);
                if (FailAt is null || Fired || step != FailAt) return false;
                Fired = true;
                return true;
            }
        }
    }

    private static async Task ScenarioAsync(TempVault tv, Func<Task> beforeEach)
    {
        var v = tv.Vault;
        var docs = Path.Combine(tv.Outside, "docs");
        Directory.CreateDirectory(docs);
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "one two\nthree");
        await beforeEach(); await v.CreateCodeModuleAsync("text", VaultModules.Text);
        await beforeEach(); await v.CreateTableAsync("docs");
        await beforeEach(); await v.CreateTableAsync("chunks");
        await beforeEach(); await v.CreateInstanceAsync("docs");
        await beforeEach(); await v.CreateBuilderFileAsync("docs", "docs_index", text: VaultModules.Docs(docs));
        await beforeEach(); await v.ExecuteInstanceAsync("docs");
        await beforeEach(); await v.CreateInstanceAsync("chunks");
        await beforeEach(); await v.CreateBuilderFileAsync("chunks", "chunks_index", text: VaultModules.ChunksIndex(tv.Counter));
        await beforeEach(); await v.CreateBuilderFileAsync("chunks", "words", text: VaultModules.Words(tv.Counter).Replace("text: <<self.text>>", "text: <<self.text>>", StringComparison.Ordinal));
        await beforeEach(); await v.ExecuteInstanceAsync("chunks");
        await beforeEach(); await v.CreateInstanceAsync("chunks", copy: true);
        await beforeEach(); await v.DeleteBuilderFileAsync("words", "chunks");
        await beforeEach(); await v.ExecuteInstanceAsync("chunks");
        await beforeEach(); await v.CreateTableAsync("ext");
        await beforeEach(); await v.CreateInstanceAsync("ext", externalEdit: true);
        await beforeEach(); await v.WriteInstanceAsync(Strata.Data.RecordBatch.FromArrays(("n", new long[] { 1, 2 })), "ext");
        var first = (await v.GetTableInstancesAsync("chunks"))[0];
        await beforeEach(); await v.DeleteInstanceAsync(first, "chunks");
        await beforeEach(); await v.RenameTableAsync("ext2", "ext");
        await beforeEach(); await v.DeleteCodeModuleAsync("text");
        await beforeEach(); await v.DeleteTableAsync("ext2");
    }

    [Fact]
    public async Task A_failure_injected_into_every_step_of_every_operation_reverts_to_a_byte_identical_file_set()
    {
        var recorder = new StepHook();
        await using (var tv = await TempVault.CreateAsync(new VaultOptions { FailAtStep = recorder.Check }))
            await ScenarioAsync(tv, () => Task.CompletedTask);
        var steps = recorder.Seen.Distinct().ToList();
        Assert.Contains("execute_instance/build:words/row", steps);
        Assert.Contains("write_instance/commit/done", steps);
        Assert.True(steps.Count > 40, $"only {steps.Count} steps");
        foreach (var step in steps)
        {
            var hook = new StepHook { FailAt = step };
            await using var tv = await TempVault.CreateAsync(new VaultOptions { FailAtStep = hook.Check });
            SortedDictionary<string, string>? before = null;
            var failed = await Record.ExceptionAsync(() => ScenarioAsync(tv, () =>
            {
                if (!hook.Fired) before = tv.Snapshot();
                return Task.CompletedTask;
            }));
            Assert.True(hook.Fired, step);
            Assert.NotNull(failed);
            Assert.Contains("injected failure", failed.Message, StringComparison.Ordinal);
            Assert.Equal(before, tv.Snapshot());
            Assert.Empty(await tv.Vault.GetActiveProcessesAsync());
            Assert.Empty(tv.Vault.Locks.List());
        }
    }

    private static async Task<TempVault> ChunksWithWordsAsync(StepHook hook)
    {
        var tv = await TempVault.CreateAsync(new VaultOptions { FailAtStep = hook.Check });
        await VaultFlowTests.BuildPipelineAsync(tv);
        tv.ResetCalls();
        await tv.Vault.CreateInstanceAsync("features", copy: true);
        await tv.Vault.CreateBuilderFileAsync("features", "words", text: VaultModules.Words(tv.Counter) + "\n# changed\n");
        await tv.Vault.CreateBuilderFileAsync("features", "upper", text: VaultModules.Upper(tv.Counter, "?"));
        return tv;
    }

    [Fact]
    public async Task With_a_caller_id_a_failure_pauses_and_the_same_id_resumes_without_redoing_logged_rows()
    {
        var hook = new StepHook();
        await using var tv = await ChunksWithWordsAsync(hook);
        var id = tv.Vault.GenerateProcessId();
        hook.FailAt = "execute_instance/build:words/row";
        await Assert.ThrowsAnyAsync<Exception>(() => tv.Vault.ExecuteInstanceAsync("features", processId: id));
        var active = await tv.Vault.GetActiveProcessesAsync();
        Assert.True(active[id].Paused);
        Assert.Contains("build:upper", active[id].CompletedSteps);
        Assert.False(await tv.Vault.GetProcessCompletionAsync(id));
        Assert.Equal(5, tv.Calls("upper"));
        await tv.Vault.ExecuteInstanceAsync("features", processId: id);
        Assert.True(await tv.Vault.GetProcessCompletionAsync(id));
        Assert.Equal(5, tv.Calls("words"));   // the completed builder was not redone
        Assert.Equal(5, tv.Calls("upper"));   // rows logged before the failure were not redone either
        var (data, _) = await tv.Vault.GetDataFrameAsync("features");
        Assert.Equal("THE QUICK FOX?", data[0, "upper"]);
        Assert.Empty(await tv.Vault.GetActiveProcessesAsync());
    }

    [Fact]
    public async Task Restart_on_open_completes_a_paused_process()
    {
        var hook = new StepHook();
        await using var tv = await ChunksWithWordsAsync(hook);
        var id = tv.Vault.GenerateProcessId();
        hook.FailAt = "execute_instance/artifacts";
        await Assert.ThrowsAnyAsync<Exception>(() => tv.Vault.ExecuteInstanceAsync("features", processId: id));
        Assert.Single(await tv.Vault.GetActiveProcessesAsync());
        await tv.ReopenAsync(new VaultOptions { Restart = true });
        Assert.True(await tv.Vault.GetProcessCompletionAsync(id));
        Assert.Empty(await tv.Vault.GetActiveProcessesAsync());
        Assert.Equal(2, (await tv.Vault.GetTableInstancesAsync("features")).Count);
    }

    [Fact]
    public async Task Stop_with_force_reverts_and_stop_with_materialize_leaves_one_unsuccessful_instance()
    {
        var hook = new StepHook();
        await using var tv = await ChunksWithWordsAsync(hook);
        var before = tv.Snapshot();
        var id = tv.Vault.GenerateProcessId();
        hook.FailAt = "execute_instance/build:upper/row";
        await Assert.ThrowsAnyAsync<Exception>(() => tv.Vault.ExecuteInstanceAsync("features", processId: id));
        Assert.NotEqual(before, tv.Snapshot());
        await tv.Vault.StopProcessAsync(id, force: true);
        var after = tv.Snapshot();
        Assert.Equal("||", string.Join("\n", before.Keys.Except(after.Keys)) + "|" + string.Join("\n", after.Keys.Except(before.Keys)) + "|"
            + string.Join("\n", before.Keys.Intersect(after.Keys).Where(k => before[k] != after[k])));
        Assert.Equal(before, after);
        Assert.Empty(await tv.Vault.GetActiveProcessesAsync());

        var hook2 = new StepHook();
        await using var tv2 = await ChunksWithWordsAsync(hook2);
        var id2 = tv2.Vault.GenerateProcessId();
        hook2.FailAt = "execute_instance/build:words/row";
        await Assert.ThrowsAnyAsync<Exception>(() => tv2.Vault.ExecuteInstanceAsync("features", processId: id2));
        var instancesBefore = await tv2.Vault.GetTableInstancesAsync("features");
        await tv2.Vault.StopProcessAsync(id2, force: true, materialize: true);
        var instancesAfter = await tv2.Vault.GetTableInstancesAsync("features");
        Assert.Equal(instancesBefore.Count + 1, instancesAfter.Count);
        var (partial, partialId) = await tv2.Vault.GetDataFrameAsync("features");
        Assert.Equal(instancesAfter[^1], partialId);
        Assert.Equal("false", (await tv2.Vault.GetDescriptionsAsync(partialId, "features"))["success"]);
        Assert.Equal(5, partial.RowCount);
        var (successful, successfulId) = await tv2.Vault.GetDataFrameAsync("features", successfulOnly: true);
        Assert.Equal(instancesBefore[^1], successfulId);
        Assert.Empty(await tv2.Vault.GetActiveProcessesAsync());
    }
}
