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

    private static object? Simple(object? v) => v switch
    {
        DateTimeOffset d => d.UtcDateTime,
        _ => v,
    };

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
                result[i] = doc.RootElement.GetProperty("V").EnumerateArray().Select(FromJson).ToArray();
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
