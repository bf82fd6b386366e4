using System.Globalization;
using Strata.Data;
using Strata.Format;
using Strata.Tables;
using Strata.Udfs;

namespace Strata;

public sealed partial class Table
{
    /// <summary>
    /// Adds the column(s) a UDF computes (metadata only: values are null until backfilled). A single-output
    /// UDF's column is named <paramref name="column"/> (default: the UDF's name); a multi-output UDF adds
    /// one column per output. <paramref name="inputs"/> overrides the UDF's input columns. The UDF is
    /// registered in this process so a backfill can find it; register it in the lake for other processes.
    /// </summary>
    public async Task<TableVersion> AddColumnsAsync(Udf udf, string? column = null, IReadOnlyList<string>? inputs = null,
        CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        ArgumentNullException.ThrowIfNull(udf);
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var actualInputs = inputs ?? udf.Inputs;
        if (actualInputs.Count != udf.Inputs.Count)
            throw new StrataInvalidInputException($"UDF '{udf.Name}' takes {udf.Inputs.Count} inputs; {actualInputs.Count} were given.");
        foreach (var i in actualInputs) read.Field(i);
        var outputs = udf.Outputs.Count == 1 && udf.Options.Outputs is null
            ? [new Field(column ?? udf.Name, udf.Outputs[0].Type)]
            : udf.Outputs.ToList();
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("add_columns", new Dictionary<string, string>
        {
            ["udf"] = udf.Name,
            ["version"] = udf.Version,
            ["columns"] = string.Join(",", outputs.Select(o => o.Name)),
            ["inputs"] = string.Join(",", actualInputs),
        })) { ReadVersion = read.Version };
        for (var i = 0; i < outputs.Count; i++)
        {
            Names.ValidateColumn(outputs[i].Name);
            if (read.Schema.Contains(outputs[i].Name)) throw new StrataAlreadyExistsException($"column '{outputs[i].Name}' already exists in '{Name}'.");
            tx.Add.Add((outputs[i], Provenance(udf, actualInputs, outputs, i)));
        }
        Lake.Udfs.Register(udf);
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    /// <summary>Swaps the UDF behind an existing UDF column (Geneva's <c>alter_columns</c>); values are recomputed by the next backfill.</summary>
    public async Task<TableVersion> AlterColumnAsync(string column, Udf udf, IReadOnlyList<string>? inputs = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        ArgumentNullException.ThrowIfNull(udf);
        var read = await _store.ReadLatestAsync(cancellationToken).ConfigureAwait(false);
        var field = read.Field(column);
        if (udf.Outputs.Count != 1) throw new StrataInvalidInputException($"alter a single column with a single-output UDF; '{udf.Name}' has {udf.Outputs.Count} outputs.");
        if (udf.Outputs[0].Type != read.TypeOf(field))
            throw new StrataInvalidInputException($"column '{column}' is {read.TypeOf(field)} but UDF '{udf.Name}' returns {udf.Outputs[0].Type}.");
        var actualInputs = inputs ?? udf.Inputs;
        foreach (var i in actualInputs) read.Field(i);
        var tx = new SchemaEditTransaction(Lake, _store, new OperationRecord("alter_columns", new Dictionary<string, string>
        {
            ["column"] = field.Name,
            ["udf"] = udf.Name,
            ["version"] = udf.Version,
        })) { ReadVersion = read.Version };
        tx.Alter.Add((field.Name, Provenance(udf, actualInputs, [new Field(field.Name, udf.Outputs[0].Type)], 0)));
        Lake.Udfs.Register(udf);
        var snap = await CommitAsync(tx, cancellationToken).ConfigureAwait(false);
        return TableVersion.From(snap.Manifest);
    }

    private static ColumnProvenance Provenance(Udf udf, IReadOnlyList<string> inputs, IReadOnlyList<Field> outputs, int index) => new()
    {
        Kind = "udf",
        Inputs = inputs.ToArray(),
        CodeHash = udf.Version,
        Properties = new Dictionary<string, string>
        {
            ["udf"] = udf.Name,
            ["kind"] = udf.Kind.ToString().ToLowerInvariant(),
            ["type"] = udf.Location.TypeName,
            ["method"] = udf.Location.MethodName ?? "",
            ["assembly"] = udf.Location.AssemblyName,
            ["outputs"] = string.Join(",", outputs.Select(o => o.Name)),
            ["output"] = index.ToString(CultureInfo.InvariantCulture),
            ["batchSize"] = udf.Options.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["checkpointSize"] = udf.Options.CheckpointSize.ToString(CultureInfo.InvariantCulture),
            ["errorPolicy"] = udf.Options.ErrorPolicy.Describe(),
            ["cpus"] = udf.Options.Resources.Cpus.ToString(CultureInfo.InvariantCulture),
            ["memoryMb"] = udf.Options.Resources.MemoryMb?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["gpus"] = udf.Options.Resources.Gpus.ToString(CultureInfo.InvariantCulture),
        },
    };
}
