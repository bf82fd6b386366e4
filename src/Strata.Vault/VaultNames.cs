using System.Text.RegularExpressions;
using Strata.Data;

namespace Strata.Vault;

/// <summary>
/// Validation of the names the vault turns into storage path segments (versions, modules, builders,
/// instance and process ids): only [A-Za-z0-9_-], a letter first, so nothing can escape the lake's root.
/// </summary>
internal static partial class VaultNames
{
    public const string DefaultVersion = "base";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex SegmentPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex IdPattern();

    public static string Table(string? name)
    {
        if (name is not null && name.Contains('.', StringComparison.Ordinal))
            throw new StrataInvalidInputException($"vault table name '{name}' must not contain '.'; vault tables live in the lake's root namespace.");
        return Names.ValidateTable(name, "vault table");
    }

    public static string Version(string? version) => Segment(string.IsNullOrEmpty(version) ? DefaultVersion : version, "version");

    public static string Module(string? name) => Segment(name, "code module");

    public static string Builder(string? name) => Segment(name, "builder");

    public static string InstanceId(string? id) => Id(id, "instance id");

    public static string ProcessId(string? id) => Id(id, "process id");

    private static string Segment(string? name, string what)
    {
        if (string.IsNullOrEmpty(name)) throw new StrataInvalidInputException($"{what} name is empty; give a name.");
        if (!SegmentPattern().IsMatch(name))
            throw new StrataInvalidInputException(
                $"{what} name '{Printable(name)}' is not valid: use a letter first, then up to 63 letters, digits, '_' or '-'.");
        return name;
    }

    private static string Id(string? id, string what)
    {
        if (string.IsNullOrEmpty(id)) throw new StrataInvalidInputException($"{what} is empty.");
        if (!IdPattern().IsMatch(id))
            throw new StrataInvalidInputException($"{what} '{Printable(id)}' is not valid: only letters, digits, '_' and '-' (at most 128).");
        return id;
    }

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());
}
