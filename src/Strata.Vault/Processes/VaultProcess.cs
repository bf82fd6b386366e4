namespace Strata.Vault.Processes;

/// <summary>
/// A running process: its record, its journal, and the step runner that skips steps completed before a resume
/// and fires the test hook <see cref="VaultOptions.FailAtStep"/> around each step.
/// </summary>
internal sealed class VaultProcess(Vault vault, ProcessRecord record, UndoJournal journal)
{
    private readonly Lock _gate = new();
    private ProcessRecord _record = record;

    public string Id => _record.ProcessId;
    public ProcessRecord Record { get { lock (_gate) return _record; } }
    public IReadOnlyDictionary<string, string?> Args => _record.Arguments;
    public UndoJournal Journal => journal;
    public Vault Vault => vault;

    /// <summary>Local folder for the process's private files (artifacts written by builders, saved step results).</summary>
    public string LocalFolder => vault.Processes.Folder(Id);

    public string Arg(string name) => Args.TryGetValue(name, out var v) && v is not null
        ? v
        : throw new StrataCorruptDataException(VaultPaths.ProcessRecord(Id), $"the process has no argument '{name}'.");

    public string? OptionalArg(string name) => Args.TryGetValue(name, out var v) ? v : null;

    public bool BoolArg(string name) => OptionalArg(name) is "true" or "True";

    /// <summary>A value decided once per process (kept in the record so a resumed run decides the same).</summary>
    public string Remember(string key, Func<string> make)
    {
        lock (_gate)
        {
            if (_record.State.TryGetValue(key, out var v)) return v;
            var value = make();
            _record = vault.Processes.Save(_record with { State = new Dictionary<string, string>(_record.State) { [key] = value } });
            return value;
        }
    }

    /// <summary>Sets values in the record's state (overwriting).</summary>
    public void SetState(IReadOnlyDictionary<string, string> values)
    {
        lock (_gate)
        {
            var state = new Dictionary<string, string>(_record.State);
            foreach (var (k, v) in values) state[k] = v;
            _record = vault.Processes.Save(_record with { State = state });
        }
    }

    public bool IsDone(string step)
    {
        lock (_gate) return _record.CompletedSteps.Contains(step);
    }

    /// <summary>Runs a step unless an earlier run of this process completed it; records it as completed.</summary>
    public async Task StepAsync(string step, Func<Task> body)
    {
        if (IsDone(step)) return;
        Hook(step);
        await body().ConfigureAwait(false);
        Hook(step + "/done");
        Update(r => r with { CompletedSteps = [.. r.CompletedSteps, step] });
    }

    /// <summary>Fires the failure hook for a point inside a step (e.g. between rows).</summary>
    public void Hook(string point)
    {
        if (vault.Options.FailAtStep is { } fail && fail($"{_record.Operation}/{point}"))
            throw new InjectedFailureException($"injected failure at {_record.Operation}/{point}");
    }

    public void Update(Func<ProcessRecord, ProcessRecord> change)
    {
        lock (_gate) _record = vault.Processes.Save(change(_record));
    }
}
