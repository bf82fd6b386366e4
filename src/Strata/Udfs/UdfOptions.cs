using Strata.Data;

namespace Strata.Udfs;

/// <summary>Declared options of a UDF. Everything has a default; unknown values are inferred from the code.</summary>
public sealed record UdfOptions
{
    /// <summary>Output type; inferred from the return type when null (required for batch UDFs).</summary>
    public DataType? OutputType { get; init; }

    /// <summary>Input columns in parameter order; default: the parameter names.</summary>
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>
    /// For a UDF returning a tuple or record: the output columns, one per element (name and, optionally,
    /// type via <see cref="OutputTypes"/>). Null: a single struct column.
    /// </summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>Types of the <see cref="Outputs"/> (inferred when null).</summary>
    public IReadOnlyList<DataType>? OutputTypes { get; init; }

    /// <summary>Rows handed to a batch call at a time. Default 1024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Rows per checkpoint of a backfill (the most work a crash can lose per task). Default 8192.</summary>
    public int CheckpointSize { get; init; } = DefaultCheckpointSize;

    /// <summary>The default <see cref="CheckpointSize"/>: backfills that keep it grow their slices to about a quarter second of work.</summary>
    public const int DefaultCheckpointSize = 8192;

    /// <summary>Longest one row may take; a slower row fails with <see cref="TimeoutException"/>. Default none.</summary>
    public TimeSpan? RowTimeout { get; init; }

    /// <summary>Resources per worker.</summary>
    public UdfResources Resources { get; init; } = new();

    /// <summary>Failure handling.</summary>
    public ErrorPolicy ErrorPolicy { get; init; } = ErrorPolicy.FailFast;

    /// <summary>The UDF's version; default a hash of its code. Give one when behaviour depends on captured state.</summary>
    public string? Version { get; init; }

    internal UdfOptions Validate()
    {
        if (BatchSize < 1) throw new StrataInvalidInputException("UdfOptions.BatchSize must be at least 1.");
        if (CheckpointSize < 1) throw new StrataInvalidInputException("UdfOptions.CheckpointSize must be at least 1.");
        if (RowTimeout is { } t && t <= TimeSpan.Zero) throw new StrataInvalidInputException("UdfOptions.RowTimeout must be positive.");
        if (Outputs is not null && OutputTypes is not null && OutputTypes.Count != Outputs.Count)
            throw new StrataInvalidInputException("UdfOptions.OutputTypes must have one type per output.");
        ErrorPolicy.Validate();
        return this;
    }
}
