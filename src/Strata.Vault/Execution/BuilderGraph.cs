using Strata.Vault.Builders;

namespace Strata.Vault.Execution;

/// <summary>Orders a draft's builders: the index builder first, then column builders after those whose columns they reference; cycles are errors.</summary>
internal static class BuilderGraph
{
    public static List<BuilderSpec> Order(IReadOnlyList<BuilderSpec> builders, string table)
    {
        var indexes = builders.Where(b => b.Kind == BuilderKind.Index).ToList();
        if (indexes.Count != 1)
            throw new StrataInvalidInputException(indexes.Count == 0
                ? $"the draft of '{table}' has no index builder; add '{table}_index' with CreateBuilderFileAsync."
                : $"the draft of '{table}' has {indexes.Count} index builders ({string.Join(", ", indexes.Select(b => b.File))}); keep exactly one.");
        var producer = new Dictionary<string, BuilderSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var b in builders)
            foreach (var c in b.ChangedColumns)
                if (!producer.TryAdd(c, b))
                    throw new StrataInvalidInputException($"{b.Where(b.Line)}: column '{c}' is also produced by {producer[c].File}; each column has one builder.");
        var deps = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var b in builders)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, arg) in b.Arguments)
                foreach (var r in arg.References().Where(r => r.IsSelf || string.Equals(r.Table, table, StringComparison.OrdinalIgnoreCase) && r.Instance is null))
                    foreach (var c in r.Columns.Concat(r.Filters.Select(f => f.Key)))
                    {
                        if (!producer.TryGetValue(c, out var p))
                            throw new StrataInvalidInputException($"{b.Where(arg.Line)}: {r.Text} names column '{c}', which no builder of '{table}' produces.");
                        if (p == b) throw new StrataInvalidInputException($"{b.Where(arg.Line)}: {r.Text} refers to the builder's own output '{c}' (a cycle).");
                        if (b.Kind == BuilderKind.Index) throw new StrataInvalidInputException($"{b.Where(arg.Line)}: the index builder cannot refer to its own table's columns ({r.Text}).");
                        set.Add(p.Name);
                    }
            deps[b.Name] = set;
        }
        var ordered = new List<BuilderSpec> { indexes[0] };
        var done = new HashSet<string>(StringComparer.Ordinal) { indexes[0].Name };
        var remaining = builders.Where(b => b.Kind == BuilderKind.Column).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.FirstOrDefault(b => deps[b.Name].All(done.Contains));
            if (ready is null)
            {
                var cycle = remaining[0];
                throw new StrataInvalidInputException(
                    $"{cycle.Where(cycle.Line)}: builders {string.Join(" → ", remaining.Select(b => b.Name))} depend on each other in a cycle; remove one of the references.");
            }
            ordered.Add(ready);
            done.Add(ready.Name);
            remaining.Remove(ready);
        }
        return ordered;
    }
}
