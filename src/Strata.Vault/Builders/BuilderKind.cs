namespace Strata.Vault.Builders;

/// <summary>TableVault's builder types.</summary>
internal enum BuilderKind
{
    /// <summary>Produces the rows (exactly one per table, named <c>&lt;table&gt;_index</c>).</summary>
    Index,

    /// <summary>Produces further columns for the rows.</summary>
    Column,
}

/// <summary>How a builder function returns its result.</summary>
internal enum ReturnKind
{
    /// <summary>One call returns the whole frame.</summary>
    DataFrame,

    /// <summary>One call per row (n_threads in parallel).</summary>
    RowWise,

    /// <summary>One call yields the rows.</summary>
    Generator,
}
