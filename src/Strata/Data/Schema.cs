namespace Strata.Data;

/// <summary>An ordered list of uniquely named fields (names compare case-insensitively, as in SQL).</summary>
public sealed class Schema : IEquatable<Schema>
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema; names must be unique.</summary>
    /// <exception cref="StrataInvalidInputException">Two fields share a name.</exception>
    public Schema(IEnumerable<Field> fields)
    {
        Fields = fields.ToArray();
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Fields.Count; i++)
            if (!_index.TryAdd(Fields[i].Name, i))
                throw new StrataInvalidInputException($"column '{Fields[i].Name}' appears more than once in the schema.");
    }

    /// <summary>Creates a schema from fields.</summary>
    public Schema(params Field[] fields) : this((IEnumerable<Field>)fields) { }

    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<Field> Fields { get; }

    /// <summary>Number of fields.</summary>
    public int Count => Fields.Count;

    /// <summary>The field at a position.</summary>
    public Field this[int index] => Fields[index];

    /// <summary>The field of that name.</summary>
    /// <exception cref="StrataNotFoundException">No such column.</exception>
    public Field this[string name] => Fields[IndexOfRequired(name)];

    /// <summary>Position of the named field, or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Position of the named field.</summary>
    /// <exception cref="StrataNotFoundException">No such column.</exception>
    public int IndexOfRequired(string name) => _index.TryGetValue(name, out var i)
        ? i
        : throw new StrataNotFoundException($"column '{name}' does not exist; columns are: {string.Join(", ", Fields.Select(f => f.Name))}.");

    /// <summary>True when a field of that name exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Parses <c>"id int64, name string, v float[8]"</c>.</summary>
    /// <exception cref="StrataInvalidInputException">The text is not a schema.</exception>
    public static Schema Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<Field>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0) continue;
            var space = p.IndexOfAny([' ', '\t', ':']);
            if (space <= 0)
                throw new StrataInvalidInputException($"schema entry '{p}' needs a name and a type, e.g. 'id int64'.");
            var name = p[..space].Trim();
            Names.ValidateColumn(name);
            fields.Add(new Field(name, DataType.Parse(p[(space + 1)..].TrimStart(':', ' '))));
        }
        if (fields.Count == 0) throw new StrataInvalidInputException("the schema is empty; give at least one 'name type'.");
        return new Schema(fields);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<' or '(' or '[': depth++; break;
                case '>' or ')' or ']': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }

    /// <summary>Text form <c>a int64, b string</c>.</summary>
    public override string ToString() => string.Join(", ", Fields);

    /// <inheritdoc />
    public bool Equals(Schema? other) => other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Schema);

    /// <inheritdoc />
    public override int GetHashCode() => Fields.Count;
}
