using System.Security.Cryptography;
using Strata.Data;
using Strata.Engine;

namespace Strata.Vault.Instances;

/// <summary>Saves and loads batches as Parquet files in a process's folder (inputs and intermediate results a resumed process reuses).</summary>
internal static class StepFrames
{
    /// <summary>Writes the batch; returns its lake-relative path.</summary>
    public static string Save(Vault vault, string processId, string name, RecordBatch batch)
    {
        var rel = $"{VaultPaths.ProcessSteps(processId)}/{name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.parquet";
        var local = vault.LocalPath(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        using var conn = vault.Lake.Engine.Connect();
        var temp = "_step_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        conn.CreateTable(temp, batch.Schema, temporary: true);
        try
        {
            conn.Append(temp, batch);
            conn.Execute($"COPY {SqlNames.Quote(temp)} TO {SqlNames.Literal(local + ".tmp")} (FORMAT parquet)");
            File.Move(local + ".tmp", local, overwrite: true);
        }
        finally
        {
            conn.Execute($"DROP TABLE IF EXISTS {SqlNames.Quote(temp)}");
        }
        return rel;
    }

    public static RecordBatch Load(Vault vault, string rel)
    {
        var local = vault.LocalPath(Storage.StoragePath.Validate(rel));
        if (!File.Exists(local)) throw new StrataCorruptDataException(rel, "the saved step result is missing; stop the process and run the operation again.");
        using var conn = vault.Lake.Engine.Connect();
        return conn.QueryAll($"SELECT * FROM read_parquet({SqlNames.Literal(local)})");
    }
}
