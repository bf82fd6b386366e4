namespace Strata.Vault.Builders;

/// <summary>
/// A table reference in a builder argument: <c>&lt;&lt;table.column&gt;&gt;</c>,
/// <c>&lt;&lt;table(instance).{a,b}[col::value]&gt;&gt;</c> or <c>&lt;&lt;self.column&gt;&gt;</c>.
/// </summary>
/// <param name="Table">The table, or <c>self</c> for the table being built.</param>
/// <param name="Instance">An explicit instance id; null for the table's latest instance.</param>
/// <param name="Columns">The referenced columns (several with <c>{a,b}</c>).</param>
/// <param name="Filters">Row filters <c>[col::value]</c>: keep rows whose column equals the value.</param>
/// <param name="Multi">True when written with braces (binds as a frame, not one column).</param>
/// <param name="Text">The reference as written.</param>
internal sealed record TableReference(string Table, string? Instance, IReadOnlyList<string> Columns,
    IReadOnlyList<KeyValuePair<string, string>> Filters, bool Multi, string Text)
{
    public bool IsSelf => Table == "self";
}
