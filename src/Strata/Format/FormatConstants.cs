namespace Strata.Format;

/// <summary>Names and versions of Strata's persisted formats, and the lake's folder layout.</summary>
internal static class FormatConstants
{
    public const string LakeMarkerFile = "_strata_lake.json";
    public const string LakeMarkerFormat = "strata.lake";
    public const int LakeFormatVersion = 1;

    public const string TableManifestFormat = "strata.table-manifest";
    public const int TableManifestVersion = 1;

    public const string CatalogManifestFormat = "strata.catalog";
    public const int CatalogVersion = 1;

    public const string TagFormat = "strata.tag";
    public const int TagVersion = 1;

    public const string UdfFormat = "strata.udf";
    public const int UdfVersion = 1;

    public const string CatalogFolder = "catalog";
    public const string UdfsFolder = "udfs";
    public const string TablesFolder = "tables";

    /// <summary>Column holding stable row ids in files that carry them.</summary>
    public const string RowIdColumn = "_rowid";

    public static string TableFolder(string tableId) => $"{TablesFolder}/{tableId}";
    public static string TableVersionsFolder(string tableId) => $"{TableFolder(tableId)}/v";
    public static string TableDataFolder(string tableId) => $"{TableFolder(tableId)}/data";
    public static string TableTagsFolder(string tableId) => $"{TableFolder(tableId)}/tags";
    public static string CatalogVersionsFolder => $"{CatalogFolder}/v";
    public static string TableCheckpointsFolder(string tableId) => $"{TableFolder(tableId)}/checkpoints";
}
