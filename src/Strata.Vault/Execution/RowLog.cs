using System.Globalization;
using System.Text.Json;

namespace Strata.Vault.Execution;

/// <summary>
/// The durable results of a row-wise builder: one JSON line per computed row (<c>{"i": row, "v": [outputs]}</c>),
/// appended and flushed in small batches as rows finish, so a killed process loses at most the rows in flight.
/// </summary>
internal sealed class RowLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly int _batch;
    private int _pending;

    public RowLog(string file, int batch)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Existing = Read(file);
        _stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
        _batch = batch;
    }

    /// <summary>Rows computed by earlier runs of the process.</summary>
    public Dictionary<int, object?[]> Existing { get; }

    public void Append(int row, object?[] values)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(new Line(row, values.Select(Simple).ToArray()));
        lock (_gate)
        {
            _stream.Write(line);
            _stream.WriteByte((byte)'\n');
            if (++_pending >= _batch)
            {
                _stream.Flush();
                _pending = 0;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Flush();
            _stream.Dispose();
        }
    }

    // values keep their CLR type across a restart: scalars as [type, invariant text], anything else as JSON
    private static object? Simple(object? v) => v switch
    {
        null => null,
        DateTimeOffset d => new[] { "System.DateTime", d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
        DateTime d => new[] { "System.DateTime", d.ToString("O", CultureInfo.InvariantCulture) },
        string or bool or long or int or short or sbyte or byte or ushort or uint or ulong or double or float or decimal =>
            new[] { v.GetType().FullName!, Convert.ToString(v, CultureInfo.InvariantCulture)! },
        _ => v,
    };

    private static object? Typed(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == 2 && e[0].ValueKind == JsonValueKind.String && e[1].ValueKind == JsonValueKind.String)
        {
            var text = e[1].GetString()!;
            var inv = CultureInfo.InvariantCulture;
            switch (e[0].GetString())
            {
                case "System.String": return text;
                case "System.Boolean": return bool.Parse(text);
                case "System.Int64": return long.Parse(text, inv);
                case "System.Int32": return int.Parse(text, inv);
                case "System.Int16": return short.Parse(text, inv);
                case "System.SByte": return sbyte.Parse(text, inv);
                case "System.Byte": return byte.Parse(text, inv);
                case "System.UInt16": return ushort.Parse(text, inv);
                case "System.UInt32": return uint.Parse(text, inv);
                case "System.UInt64": return ulong.Parse(text, inv);
                case "System.Double": return double.Parse(text, inv);
                case "System.Single": return float.Parse(text, inv);
                case "System.Decimal": return decimal.Parse(text, inv);
                case "System.DateTime": return DateTime.Parse(text, inv, DateTimeStyles.RoundtripKind);
            }
        }
        return FromJson(e);
    }

    private static Dictionary<int, object?[]> Read(string file)
    {
        var result = new Dictionary<int, object?[]>();
        if (!File.Exists(file)) return result;
        foreach (var text in File.ReadAllLines(file))
        {
            if (text.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var i = doc.RootElement.GetProperty("I").GetInt32();
                result[i] = doc.RootElement.GetProperty("V").EnumerateArray().Select(Typed).ToArray();
            }
            catch (JsonException)
            {
                // the last line, cut short by a kill: that row is recomputed
            }
        }
        return result;
    }

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };

    private sealed record Line(int I, object?[] V);
}
