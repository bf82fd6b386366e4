using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Strata.Data;

namespace Strata.Cli.Output;

/// <summary>
/// JSON lines: one object per row, keyed by column name. Numbers are JSON numbers (NaN and infinities
/// as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>), lists are arrays, structs are
/// objects, binary is base64, dates and timestamps are ISO 8601 strings.
/// </summary>
internal sealed class JsonRowWriter : RowWriter
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // Keep non-ASCII text readable; the output is UTF-8 and still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly TextWriter _out;
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Creates a writer printing to <paramref name="output"/>.</summary>
    public JsonRowWriter(TextWriter output) => _out = output;

    /// <inheritdoc />
    protected override void OnRow(IReadOnlyList<object?> values)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, s_options))
        {
            json.WriteStartObject();
            for (var i = 0; i < values.Count; i++)
            {
                json.WritePropertyName(Columns[i]);
                WriteValue(json, values[i]);
            }
            json.WriteEndObject();
        }
        _out.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    /// <inheritdoc />
    public override void End(string? note = null) => _out.Flush();

    /// <summary>Writes one value as JSON.</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case sbyte or short or int or long: json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case byte or ushort or uint or ulong: json.WriteNumberValue(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float or double: json.WriteStringValue(ValueFormatter.Format(value)); break;
            case decimal m: json.WriteNumberValue(m); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case DateOnly or DateTime or DateTimeOffset: json.WriteStringValue(ValueFormatter.Format(value)); break;
            case IEnumerable<KeyValuePair<string, object?>> fields:
                json.WriteStartObject();
                foreach (var (name, fieldValue) in fields)
                {
                    json.WritePropertyName(name);
                    WriteValue(json, fieldValue);
                }
                json.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                json.WriteStartObject();
                foreach (var (name, text) in pairs) json.WriteString(name, text);
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items) WriteValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(ValueFormatter.Format(value)); break;
        }
    }
}
