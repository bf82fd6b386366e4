using System.Collections.Concurrent;

namespace Strata.Tables;

/// <summary>
/// Parsed manifests of a lake, by table id and version. A committed version never changes (it is created
/// once, with create-if-absent), so an entry stays valid until cleanup deletes the version; readers that
/// did not just see the version exist check that before trusting an entry. Bounded: when it holds
/// <see cref="Capacity"/> entries it starts over (the working set is a few latest versions).
/// </summary>
internal sealed class ManifestCache
{
    /// <summary>Entries held at most.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<(string TableId, long Version), TableSnapshot> _entries = new();

    public bool TryGet(string tableId, long version, out TableSnapshot snapshot) =>
        _entries.TryGetValue((tableId, version), out snapshot!);

    public void Add(string tableId, TableSnapshot snapshot)
    {
        if (_entries.Count >= Capacity) _entries.Clear();
        _entries[(tableId, snapshot.Version)] = snapshot;
    }

    public void Remove(string tableId, long version) => _entries.TryRemove((tableId, version), out _);
}
