using System.Globalization;
using System.Text.RegularExpressions;

namespace Strata.Cli.Parsing;

/// <summary>Parses durations such as <c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>7d</c>, <c>2w</c> or <c>01:30:00</c>.</summary>
internal static partial class Durations
{
    /// <summary>Parses a duration, or explains the expected form.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        var t = text.Trim();
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && t.Contains(':', StringComparison.Ordinal) && span >= TimeSpan.Zero)
            return span;
        var m = UnitsPattern().Match(t);
        if (!m.Success || t.Length == 0)
            throw new CliUsageException($"{option} '{text}' is not a duration; use e.g. 30m, 1h, 1h30m, 7d or 01:30:00.");
        var total = TimeSpan.Zero;
        foreach (Capture part in m.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            var number = double.Parse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture);
            total += char.ToLowerInvariant(unit) switch
            {
                's' => TimeSpan.FromSeconds(number),
                'm' => TimeSpan.FromMinutes(number),
                'h' => TimeSpan.FromHours(number),
                'd' => TimeSpan.FromDays(number),
                _ => TimeSpan.FromDays(7 * number),
            };
        }
        return total;
    }

    [GeneratedRegex(@"^(?:(?<part>\d+(?:\.\d+)?[smhdwSMHDW]))+$")]
    private static partial Regex UnitsPattern();
}
