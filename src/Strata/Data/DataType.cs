using System.Text;

namespace Strata.Data;

/// <summary>
/// The type of a column. Immutable; compare with <see cref="Equals(DataType?)"/>.
/// Text form (used by schemas on the command line and in manifests): <c>bool, int8..int64,
/// uint8..uint64, float, double, decimal(p,s), string, binary, date, timestamp, list&lt;T&gt;,
/// T[N] (fixed-size), struct&lt;a T, b T&gt;</c>.
/// </summary>
public sealed class DataType : IEquatable<DataType>
{
    private DataType(TypeKind kind, DataType? element = null, int length = 0, int precision = 0, int scale = 0,
        IReadOnlyList<Field>? fields = null)
    {
        Kind = kind;
        ElementType = element;
        Length = length;
        Precision = precision;
        Scale = scale;
        Fields = fields ?? [];
    }

    /// <summary>The kind of value.</summary>
    public TypeKind Kind { get; }

    /// <summary>Element type of a list or fixed-size list; null otherwise.</summary>
    public DataType? ElementType { get; }

    /// <summary>Number of elements of a fixed-size list; 0 otherwise.</summary>
    public int Length { get; }

    /// <summary>Total digits of a decimal.</summary>
    public int Precision { get; }

    /// <summary>Digits after the point of a decimal.</summary>
    public int Scale { get; }

    /// <summary>Fields of a struct; empty otherwise.</summary>
    public IReadOnlyList<Field> Fields { get; }

#pragma warning disable CS1591 // self-describing singletons
    public static DataType Boolean { get; } = new(TypeKind.Boolean);
    public static DataType Int8 { get; } = new(TypeKind.Int8);
    public static DataType Int16 { get; } = new(TypeKind.Int16);
    public static DataType Int32 { get; } = new(TypeKind.Int32);
    public static DataType Int64 { get; } = new(TypeKind.Int64);
    public static DataType UInt8 { get; } = new(TypeKind.UInt8);
    public static DataType UInt16 { get; } = new(TypeKind.UInt16);
    public static DataType UInt32 { get; } = new(TypeKind.UInt32);
    public static DataType UInt64 { get; } = new(TypeKind.UInt64);
    public static DataType Float32 { get; } = new(TypeKind.Float32);
    public static DataType Float64 { get; } = new(TypeKind.Float64);
    public static DataType String { get; } = new(TypeKind.String);
    public static DataType Binary { get; } = new(TypeKind.Binary);
    public static DataType Date { get; } = new(TypeKind.Date);
    public static DataType Timestamp { get; } = new(TypeKind.Timestamp);
#pragma warning restore CS1591

    /// <summary>A decimal with the given precision (1..38) and scale (0..precision).</summary>
    public static DataType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
            throw new StrataInvalidInputException($"decimal({precision},{scale}) is not valid: precision must be 1..38 and scale 0..precision.");
        return new DataType(TypeKind.Decimal, precision: precision, scale: scale);
    }

    /// <summary>A variable-length list of <paramref name="element"/>.</summary>
    public static DataType List(DataType element) => new(TypeKind.List, element ?? throw new ArgumentNullException(nameof(element)));

    /// <summary>A fixed-size list (vector) of <paramref name="length"/> elements.</summary>
    public static DataType FixedSizeList(DataType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (length is < 1 or > 1_000_000)
            throw new StrataInvalidInputException($"a fixed-size list needs a length of 1..1000000, not {length}.");
        return new DataType(TypeKind.FixedSizeList, element, length);
    }

    /// <summary>A struct of the given fields (names must be unique).</summary>
    public static DataType Struct(IEnumerable<Field> fields)
    {
        var list = fields.ToArray();
        if (list.Length == 0) throw new StrataInvalidInputException("a struct needs at least one field.");
        var dup = list.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new StrataInvalidInputException($"struct field '{dup.Key}' appears more than once.");
        return new DataType(TypeKind.Struct, fields: list);
    }

    /// <summary>A struct of the given fields.</summary>
    public static DataType Struct(params Field[] fields) => Struct((IEnumerable<Field>)fields);

    /// <summary>True for the integer and floating-point kinds.</summary>
    public bool IsNumeric => Kind is >= TypeKind.Int8 and <= TypeKind.Decimal;

    /// <summary>True for list, fixed-size list and struct.</summary>
    public bool IsNested => Kind is TypeKind.List or TypeKind.FixedSizeList or TypeKind.Struct;

    /// <summary>The DuckDB SQL spelling of this type (e.g. <c>FLOAT[64]</c>, <c>STRUCT("a" BIGINT)</c>).</summary>
    public string ToSql() => Kind switch
    {
        TypeKind.Boolean => "BOOLEAN",
        TypeKind.Int8 => "TINYINT",
        TypeKind.Int16 => "SMALLINT",
        TypeKind.Int32 => "INTEGER",
        TypeKind.Int64 => "BIGINT",
        TypeKind.UInt8 => "UTINYINT",
        TypeKind.UInt16 => "USMALLINT",
        TypeKind.UInt32 => "UINTEGER",
        TypeKind.UInt64 => "UBIGINT",
        TypeKind.Float32 => "FLOAT",
        TypeKind.Float64 => "DOUBLE",
        TypeKind.Decimal => $"DECIMAL({Precision},{Scale})",
        TypeKind.String => "VARCHAR",
        TypeKind.Binary => "BLOB",
        TypeKind.Date => "DATE",
        TypeKind.Timestamp => "TIMESTAMP",
        TypeKind.List => ElementType!.ToSql() + "[]",
        TypeKind.FixedSizeList => $"{ElementType!.ToSql()}[{Length}]",
        TypeKind.Struct => "STRUCT(" + string.Join(", ", Fields.Select(f => $"{SqlNames.Quote(f.Name)} {f.Type.ToSql()}")) + ")",
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    /// <summary>The canonical text form, which <see cref="Parse"/> reads back.</summary>
    public override string ToString() => Kind switch
    {
        TypeKind.Boolean => "bool",
        TypeKind.Int8 => "int8",
        TypeKind.Int16 => "int16",
        TypeKind.Int32 => "int32",
        TypeKind.Int64 => "int64",
        TypeKind.UInt8 => "uint8",
        TypeKind.UInt16 => "uint16",
        TypeKind.UInt32 => "uint32",
        TypeKind.UInt64 => "uint64",
        TypeKind.Float32 => "float",
        TypeKind.Float64 => "double",
        TypeKind.Decimal => $"decimal({Precision},{Scale})",
        TypeKind.String => "string",
        TypeKind.Binary => "binary",
        TypeKind.Date => "date",
        TypeKind.Timestamp => "timestamp",
        TypeKind.List => $"list<{ElementType}>",
        TypeKind.FixedSizeList => $"{ElementType}[{Length}]",
        TypeKind.Struct => "struct<" + string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}")) + ">",
        _ => Kind.ToString(),
    };

    /// <summary>Parses the text form (also accepts DuckDB names such as BIGINT, VARCHAR, FLOAT[8]).</summary>
    /// <exception cref="StrataInvalidInputException">The text is not a type.</exception>
    public static DataType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TypeParser(text);
        var type = parser.ParseType();
        parser.ExpectEnd();
        return type;
    }

    /// <inheritdoc />
    public bool Equals(DataType? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Kind != other.Kind || Length != other.Length || Precision != other.Precision || Scale != other.Scale) return false;
        if (!Equals(ElementType, other.ElementType)) return false;
        if (Fields.Count != other.Fields.Count) return false;
        // Struct fields compare by name and type: nullability of nested fields is not part of a type's identity
        // (the text form stored in manifests does not carry it).
        for (var i = 0; i < Fields.Count; i++)
            if (!string.Equals(Fields[i].Name, other.Fields[i].Name, StringComparison.OrdinalIgnoreCase) || Fields[i].Type != other.Fields[i].Type)
                return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DataType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, ElementType, Length, Precision, Scale, Fields.Count);

    /// <summary>Value equality.</summary>
    public static bool operator ==(DataType? a, DataType? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(DataType? a, DataType? b) => !(a == b);

    private sealed class TypeParser(string text)
    {
        private int _pos;

        public DataType ParseType()
        {
            SkipWs();
            var name = ReadWord();
            if (name.Length == 0) throw Error("expected a type name");
            DataType type;
            switch (name.ToLowerInvariant())
            {
                case "bool" or "boolean": type = Boolean; break;
                case "int8" or "tinyint": type = Int8; break;
                case "int16" or "smallint": type = Int16; break;
                case "int32" or "int" or "integer": type = Int32; break;
                case "int64" or "long" or "bigint": type = Int64; break;
                case "uint8" or "utinyint": type = UInt8; break;
                case "uint16" or "usmallint": type = UInt16; break;
                case "uint32" or "uinteger": type = UInt32; break;
                case "uint64" or "ubigint": type = UInt64; break;
                case "float" or "float32" or "real": type = Float32; break;
                case "double" or "float64": type = Float64; break;
                case "string" or "utf8" or "text" or "varchar": type = String; break;
                case "binary" or "bytes" or "blob": type = Binary; break;
                case "date": type = Date; break;
                case "timestamp" or "datetime": type = Timestamp; break;
                case "decimal" or "numeric":
                    Expect('(');
                    var p = ReadInt();
                    Expect(',');
                    var s = ReadInt();
                    Expect(')');
                    type = Decimal(p, s);
                    break;
                case "list":
                    Expect('<');
                    var el = ParseType();
                    Expect('>');
                    type = List(el);
                    break;
                case "struct":
                    type = ParseStruct();
                    break;
                default:
                    throw Error($"unknown type '{name}'");
            }
            // Postfix [] and [N]
            while (true)
            {
                SkipWs();
                if (_pos < text.Length && text[_pos] == '[')
                {
                    _pos++;
                    SkipWs();
                    if (_pos < text.Length && text[_pos] == ']') { _pos++; type = List(type); continue; }
                    var n = ReadInt();
                    Expect(']');
                    type = FixedSizeList(type, n);
                    continue;
                }
                return type;
            }
        }

        private DataType ParseStruct()
        {
            SkipWs();
            var close = _pos < text.Length && text[_pos] == '(' ? ')' : '>';
            Expect(close == ')' ? '(' : '<');
            var fields = new List<Field>();
            while (true)
            {
                SkipWs();
                var fname = ReadFieldName();
                SkipWs();
                if (_pos < text.Length && text[_pos] == ':') _pos++;
                var ftype = ParseType();
                fields.Add(new Field(fname, ftype));
                SkipWs();
                if (_pos < text.Length && text[_pos] == ',') { _pos++; continue; }
                Expect(close);
                return Struct(fields);
            }
        }

        private string ReadFieldName()
        {
            if (_pos < text.Length && text[_pos] == '"')
            {
                var sb = new StringBuilder();
                _pos++;
                while (_pos < text.Length)
                {
                    if (text[_pos] == '"')
                    {
                        if (_pos + 1 < text.Length && text[_pos + 1] == '"') { sb.Append('"'); _pos += 2; continue; }
                        _pos++;
                        return sb.ToString();
                    }
                    sb.Append(text[_pos++]);
                }
                throw Error("unterminated quoted field name");
            }
            var w = ReadWord();
            if (w.Length == 0) throw Error("expected a field name");
            return w;
        }

        private string ReadWord()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            return text[start.._pos];
        }

        private int ReadInt()
        {
            SkipWs();
            var start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (start == _pos || !int.TryParse(text.AsSpan(start, _pos - start), out var n)) throw Error("expected a number");
            return n;
        }

        private void Expect(char c)
        {
            SkipWs();
            if (_pos >= text.Length || text[_pos] != c) throw Error($"expected '{c}'");
            _pos++;
        }

        public void ExpectEnd()
        {
            SkipWs();
            if (_pos != text.Length) throw Error("unexpected text");
        }

        private void SkipWs()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        private StrataInvalidInputException Error(string what) =>
            new($"type '{text}' is not valid: {what} at position {_pos + 1}. Types look like int64, string, float[8], list<string>, decimal(10,2), struct<a int64, b string>.");
    }
}
