using System.Text.Json.Serialization;

namespace Strata.Vault.Locks;

/// <summary>Source-generated JSON for the lock table (stable camelCase names, enums as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(LockTableFile))]
internal sealed partial class LockJsonContext : JsonSerializerContext;
