using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Format;

/// <summary>Source-generated JSON for every persisted record (fast, trimming-safe, stable names).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(TableManifest))]
[JsonSerializable(typeof(CatalogManifest))]
[JsonSerializable(typeof(LakeMarker))]
[JsonSerializable(typeof(TagRecord))]
[JsonSerializable(typeof(UdfRecord))]
internal sealed partial class FormatJsonContext : JsonSerializerContext;

/// <summary>Reads and writes persisted records, checking their format name and version.</summary>
internal static class FormatJson
{
    public static byte[] Serialize(TableManifest m) => JsonSerializer.SerializeToUtf8Bytes(m, FormatJsonContext.Default.TableManifest);
    public static byte[] Serialize(CatalogManifest m) => JsonSerializer.SerializeToUtf8Bytes(m, FormatJsonContext.Default.CatalogManifest);
    public static byte[] Serialize(LakeMarker m) => JsonSerializer.SerializeToUtf8Bytes(m, FormatJsonContext.Default.LakeMarker);
    public static byte[] Serialize(TagRecord m) => JsonSerializer.SerializeToUtf8Bytes(m, FormatJsonContext.Default.TagRecord);
    public static byte[] Serialize(UdfRecord m) => JsonSerializer.SerializeToUtf8Bytes(m, FormatJsonContext.Default.UdfRecord);

    public static UdfRecord ReadUdf(byte[] bytes, string path)
    {
        CheckHeader(bytes, path, FormatConstants.UdfFormat, FormatConstants.UdfVersion);
        return Deserialize(bytes, path, FormatJsonContext.Default.UdfRecord);
    }

    public static TableManifest ReadTableManifest(byte[] bytes, string path)
    {
        CheckHeader(bytes, path, FormatConstants.TableManifestFormat, FormatConstants.TableManifestVersion);
        var m = Deserialize(bytes, path, FormatJsonContext.Default.TableManifest);
        if (m.Fields is null || m.Fragments is null || m.TableId is null)
            throw new StrataCorruptDataException(path, "the manifest is missing required fields.");
        return m;
    }

    public static CatalogManifest ReadCatalog(byte[] bytes, string path)
    {
        CheckHeader(bytes, path, FormatConstants.CatalogManifestFormat, FormatConstants.CatalogVersion);
        var m = Deserialize(bytes, path, FormatJsonContext.Default.CatalogManifest);
        if (m.Tables is null) throw new StrataCorruptDataException(path, "the catalog is missing its table list.");
        return m;
    }

    public static LakeMarker ReadMarker(byte[] bytes, string path)
    {
        CheckHeader(bytes, path, FormatConstants.LakeMarkerFormat, FormatConstants.LakeFormatVersion);
        return Deserialize(bytes, path, FormatJsonContext.Default.LakeMarker);
    }

    public static TagRecord ReadTag(byte[] bytes, string path)
    {
        CheckHeader(bytes, path, FormatConstants.TagFormat, FormatConstants.TagVersion);
        return Deserialize(bytes, path, FormatJsonContext.Default.TagRecord);
    }

    /// <summary>Checks the format name and version before reading the rest, so a newer file gets a clear message.</summary>
    private static void CheckHeader(byte[] bytes, string path, string expectedFormat, int maxVersion)
    {
        string? format = null;
        var version = 0;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new StrataCorruptDataException(path, "the file is not a JSON object.");
            if (doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String) format = f.GetString();
            if (doc.RootElement.TryGetProperty("formatVersion", out var v) && v.ValueKind == JsonValueKind.Number) v.TryGetInt32(out version);
        }
        catch (JsonException e)
        {
            throw new StrataCorruptDataException(path, $"the file is not valid JSON ({e.Message}); it may be truncated or corrupt.", e);
        }
        Check(path, format, version, expectedFormat, maxVersion);
    }

    private static T Deserialize<T>(byte[] bytes, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, info) ?? throw new StrataCorruptDataException(path, "the file is empty (null).");
        }
        catch (JsonException e)
        {
            throw new StrataCorruptDataException(path, $"the file is not valid JSON of its kind ({e.Message}); it may be truncated or corrupt.", e);
        }
    }

    private static void Check(string path, string? format, int version, string expectedFormat, int maxVersion)
    {
        if (format != expectedFormat)
            throw new StrataCorruptDataException(path, $"expected a '{expectedFormat}' file, found '{format ?? "nothing"}'.");
        if (version < 1 || version > maxVersion)
            throw new StrataCorruptDataException(path, $"format version {version} is not supported by this Strata (it reads up to {maxVersion}); upgrade Strata.");
    }
}
