namespace Strata.Udfs;

/// <summary>
/// A stateful UDF: Strata creates one instance per worker, calls <see cref="Setup"/> once, then calls
/// its public <c>Call</c> method per row (parameters bound to columns by name, like a scalar UDF) — or,
/// when it implements <see cref="IBatchUdf"/>, per batch — and disposes it at the end.
/// The class needs a public parameterless constructor.
/// </summary>
public interface IStatefulUdf : IDisposable
{
    /// <summary>Runs once per worker before the first call (load a model, open a client).</summary>
    void Setup();
}

/// <summary>A UDF over a batch of input columns returning one output column of the same length.</summary>
public interface IBatchUdf
{
    /// <summary>Computes the output column for the input columns (named as the UDF's inputs).</summary>
    Strata.Data.Column Call(Strata.Data.RecordBatch inputs);
}
