using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Strata.Cli.Parsing;

/// <summary>Parsers for numeric options and arguments, with messages that name the option and the expected number.</summary>
internal static class Numbers
{
    /// <summary>A parser of one invariant-culture number for an optional value.</summary>
    public static Func<ArgumentResult, T?> Optional<T>(string name) where T : struct, INumber<T> =>
        result => TryParse<T>(result, name, out var value) ? value : null;

    /// <summary>A parser of one invariant-culture number for a required value.</summary>
    public static Func<ArgumentResult, T> Required<T>(string name) where T : struct, INumber<T> =>
        result => TryParse<T>(result, name, out var value) ? value : default;

    private static bool TryParse<T>(ArgumentResult result, string name, out T value) where T : struct, INumber<T>
    {
        value = default;
        if (result.Tokens.Count == 0)
        {
            result.AddError($"{name} needs a value.");
            return false;
        }
        var text = result.Tokens[^1].Value;
        var styles = typeof(T) == typeof(float) || typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out value)) return true;
        var kind = styles == NumberStyles.Float ? "a number" : "a whole number";
        result.AddError($"{name} expects {kind}, not '{text}'.");
        return false;
    }
}
