namespace Strata.Vault;

/// <summary>
/// The vault's on-disk layout under the lake root (lake-relative, '/'-separated). Every segment is a
/// generated id or a name checked by <see cref="VaultNames"/>.
/// </summary>
internal static class VaultPaths
{
    public const string Root = "vault";
    public const string Marker = "vault/vault.json";
    public const string Modules = "vault/modules";
    public const string Processes = "vault/processes";
    public const string Locks = "vault/locks";
    public const string CurrentArtifacts = "current";

    public static string Table(string tableId) => $"vault/tables/{tableId}";
    public static string TableRecord(string tableId) => $"{Table(tableId)}/table.json";
    public static string Draft(string tableId, string version) => $"{Table(tableId)}/drafts/{version}";
    public static string DraftRecord(string tableId, string version) => $"{Draft(tableId, version)}/draft.json";
    public static string DraftBuilders(string tableId, string version) => $"{Draft(tableId, version)}/builders";
    public static string DraftBuilder(string tableId, string version, string builder) => $"{DraftBuilders(tableId, version)}/{builder}.yaml";
    public static string DraftArtifacts(string tableId, string version) => $"{Draft(tableId, version)}/artifacts";
    public static string Instances(string tableId) => $"{Table(tableId)}/instances";
    public static string InstanceRecord(string tableId, string instanceId) => $"{Instances(tableId)}/{instanceId}.json";
    public static string Artifacts(string tableId, string folder) => $"{Table(tableId)}/artifacts/{folder}";
    public static string Module(string name) => $"{Modules}/{name}.cs";
    public static string Process(string processId) => $"{Processes}/{processId}";
    public static string ProcessRecord(string processId) => $"{Process(processId)}/process.json";
    public static string ProcessArtifacts(string processId) => $"{Process(processId)}/artifacts";
    public static string ProcessSteps(string processId) => $"{Process(processId)}/steps";
    public static string ProcessJournal(string processId) => $"{Process(processId)}/journal";

    /// <summary>The local absolute path of a lake-relative path.</summary>
    public static string Local(string lakeRoot, string path) => Path.Combine(lakeRoot, path.Replace('/', Path.DirectorySeparatorChar));
}
