using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Vault.Model;

/// <summary>JSON settings of the vault's metadata files (camelCase, indented, enums by name).</summary>
internal static class VaultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Reads a metadata file, rejecting other formats and newer format versions with an error naming the file.</summary>
    public static T Deserialize<T>(byte[] bytes, string path) where T : IVaultRecord
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw new StrataCorruptDataException(path, $"it is not valid JSON: {e.Message}", e);
        }
        if (value is null) throw new StrataCorruptDataException(path, "it is empty.");
        if (value.FormatVersion > 1)
            throw new StrataCorruptDataException(path, $"format version {value.FormatVersion} is newer than this Strata understands; upgrade Strata.");
        return value;
    }
}
