namespace Strata.Udfs;

/// <summary>The shapes of user-defined functions.</summary>
public enum UdfKind
{
    /// <summary>One row in, one value (or one tuple/record for several columns) out; inputs bound by parameter name.</summary>
    Scalar,
    /// <summary>A batch of input columns in, one column out.</summary>
    Batch,
    /// <summary>A class set up once per worker (load a model, open a client), then called per row or per batch.</summary>
    Stateful,
}
