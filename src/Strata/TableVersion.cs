using Strata.Format;

namespace Strata;

/// <summary>One committed version of a table, as listed by <see cref="Table.ListVersionsAsync"/>.</summary>
/// <param name="Version">The version number.</param>
/// <param name="Timestamp">When it was committed.</param>
/// <param name="Author">Who committed it.</param>
/// <param name="Operation">What it did (append, delete, add_columns, …).</param>
/// <param name="Parameters">The operation's parameters.</param>
/// <param name="RowCount">Rows in this version.</param>
/// <param name="Tags">Tags pointing at this version.</param>
public sealed record TableVersion(long Version, DateTimeOffset Timestamp, string Author, string Operation,
    IReadOnlyDictionary<string, string> Parameters, long RowCount, IReadOnlyList<string> Tags)
{
    internal static TableVersion From(TableManifest m, IReadOnlyList<string>? tags = null) =>
        new(m.Version, m.Timestamp, m.Author, m.Operation.Kind, m.Operation.Parameters ?? new Dictionary<string, string>(), m.LiveRowCount(), tags ?? []);
}
