using Strata.Data;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Strata.Vault.Builders;

/// <summary>
/// Reads a builder file with TableVault's field names. Every error — bad YAML, unknown or missing fields,
/// bad values, bad references — is a <see cref="StrataInvalidInputException"/> naming the file and line.
/// </summary>
internal static class BuilderParser
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "builder_type", "changed_columns", "code_module", "function", "python_function", "arguments", "return_type",
        "n_threads", "dtypes", "dependencies", "primary_key", "keep_old", "description",
    };

    public static BuilderSpec Parse(string name, string file, string text)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
                throw new StrataInvalidInputException($"{file}:1: a builder file must be a YAML mapping of fields (builder_type, changed_columns, code_module, function, …).");
            root = m;
        }
        catch (YamlException e)
        {
            throw new StrataInvalidInputException($"{file}:{e.Start.Line}: the YAML does not parse: {e.InnerException?.Message ?? e.Message}", e);
        }
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var line = (int)k.Start.Line;
            if (!KnownFields.Contains(key))
                throw new StrataInvalidInputException($"{file}:{line}: unknown field '{key}'; builder fields are {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}.");
            if (key == "python_function" && fields.ContainsKey("function") || key == "function" && fields.ContainsKey("python_function"))
                throw new StrataInvalidInputException($"{file}:{line}: give either 'function' or 'python_function', not both.");
            fields[key == "python_function" ? "function" : key] = v;
            lines[key == "python_function" ? "function" : key] = line;
        }
        string Where(string field) => $"{file}:{(lines.TryGetValue(field, out var l) ? l : 1)}";
        string Required(string field) =>
            fields.TryGetValue(field, out var n) && n is YamlScalarNode { Value: { Length: > 0 } s }
                ? s
                : throw new StrataInvalidInputException($"{Where(field)}: field '{field}' is missing or empty.");

        var kind = Required("builder_type") switch
        {
            "IndexBuilder" => BuilderKind.Index,
            "ColumnBuilder" => BuilderKind.Column,
            var other => throw new StrataInvalidInputException($"{Where("builder_type")}: builder_type '{other}' is not IndexBuilder or ColumnBuilder."),
        };
        var expectIndex = name.EndsWith("_index", StringComparison.Ordinal);
        if (expectIndex != (kind == BuilderKind.Index))
            throw new StrataInvalidInputException(kind == BuilderKind.Index
                ? $"{Where("builder_type")}: an IndexBuilder must be named '<table>_index', not '{name}'."
                : $"{Where("builder_type")}: builder '{name}' is named like an index builder but is a {kind}Builder.");
        var changed = StringList(fields, "changed_columns", Where);
        if (changed.Count == 0) throw new StrataInvalidInputException($"{Where("changed_columns")}: changed_columns must list at least one output column.");
        foreach (var c in changed) Check(() => Names.ValidateColumn(c), Where("changed_columns"));
        if (changed.Distinct(StringComparer.OrdinalIgnoreCase).Count() != changed.Count)
            throw new StrataInvalidInputException($"{Where("changed_columns")}: changed_columns lists a column twice.");
        var module = Required("code_module");
        if (!module.StartsWith("builtin_", StringComparison.Ordinal)) Check(() => VaultNames.Module(module), Where("code_module"));
        var function = Required("function");
        var returnType = fields.TryGetValue("return_type", out var rt) ? Scalar(rt, "return_type", Where) switch
        {
            "dataframe" => ReturnKind.DataFrame,
            "row-wise" or "row_wise" => ReturnKind.RowWise,
            "generator" => ReturnKind.Generator,
            var other => throw new StrataInvalidInputException($"{Where("return_type")}: return_type '{other}' is not dataframe, row-wise or generator."),
        } : ReturnKind.DataFrame;
        if (kind == BuilderKind.Index && returnType == ReturnKind.RowWise)
            throw new StrataInvalidInputException($"{Where("return_type")}: an index builder makes the rows, so it cannot be row-wise; use dataframe or generator.");
        var threads = 1;
        if (fields.TryGetValue("n_threads", out var nt) && (!int.TryParse(Scalar(nt, "n_threads", Where), out threads) || threads < 1 || threads > 256))
            throw new StrataInvalidInputException($"{Where("n_threads")}: n_threads must be a whole number from 1 to 256.");
        var dtypes = new Dictionary<string, Dtype>(StringComparer.Ordinal);
        if (fields.TryGetValue("dtypes", out var dt))
        {
            if (dt is not YamlMappingNode dm) throw new StrataInvalidInputException($"{Where("dtypes")}: dtypes must be a mapping of column: type.");
            foreach (var (k, v) in dm.Children)
            {
                var col = ((YamlScalarNode)k).Value ?? "";
                var at = $"{file}:{k.Start.Line}";
                if (!changed.Contains(col)) throw new StrataInvalidInputException($"{at}: dtypes names '{col}', which is not in changed_columns.");
                dtypes[col] = Check(() => Dtypes.Parse((v as YamlScalarNode)?.Value ?? "", $"dtype of '{col}'"), at);
            }
        }
        var primaryKey = StringList(fields, "primary_key", Where);
        if (primaryKey.Count > 0 && kind != BuilderKind.Index) throw new StrataInvalidInputException($"{Where("primary_key")}: only the index builder has a primary_key.");
        foreach (var k in primaryKey)
            if (!changed.Contains(k)) throw new StrataInvalidInputException($"{Where("primary_key")}: primary_key column '{k}' is not in changed_columns.");
        var keepOld = fields.TryGetValue("keep_old", out var ko) && Scalar(ko, "keep_old", Where) switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            var other => throw new StrataInvalidInputException($"{Where("keep_old")}: keep_old must be true or false, not '{other}'."),
        };
        if (keepOld && kind != BuilderKind.Index) throw new StrataInvalidInputException($"{Where("keep_old")}: only the index builder has keep_old.");
        if (keepOld && primaryKey.Count == 0) throw new StrataInvalidInputException($"{Where("keep_old")}: keep_old needs a primary_key to know which rows are old.");
        var deps = StringList(fields, "dependencies", Where);
        foreach (var d in deps) Check(() => VaultNames.Table(d == "self" ? "self_" : d), Where("dependencies"));
        var args = new Dictionary<string, ArgumentValue>(StringComparer.Ordinal);
        if (fields.TryGetValue("arguments", out var an) && an is not YamlScalarNode { Value: null or "" })
        {
            if (an is not YamlMappingNode am) throw new StrataInvalidInputException($"{Where("arguments")}: arguments must be a mapping of parameter: value.");
            foreach (var (k, v) in am.Children)
                args[((YamlScalarNode)k).Value ?? ""] = Argument(v, file);
        }
        return new BuilderSpec
        {
            Name = name,
            File = file,
            Text = text,
            Kind = kind,
            ChangedColumns = changed,
            CodeModule = module,
            Function = function,
            Arguments = args,
            ReturnType = returnType,
            Threads = threads,
            Dtypes = dtypes,
            Dependencies = deps,
            PrimaryKey = primaryKey,
            KeepOld = keepOld,
            Line = lines.GetValueOrDefault("builder_type", 1),
        };
    }

    private static ArgumentValue Argument(YamlNode node, string file)
    {
        var line = (int)node.Start.Line;
        return node switch
        {
            YamlScalarNode s => new ArgumentValue
            {
                Scalar = s.Value ?? "",
                Reference = ReferenceParser.Parse(s.Value ?? "", $"{file}:{line}"),
                Line = line,
            },
            YamlSequenceNode seq => new ArgumentValue { List = seq.Children.Select(c => Argument(c, file)).ToList(), Line = line },
            YamlMappingNode map => new ArgumentValue
            {
                Map = map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => Argument(kv.Value, file), StringComparer.Ordinal),
                Line = line,
            },
            _ => throw new StrataInvalidInputException($"{file}:{line}: unsupported argument value."),
        };
    }

    private static List<string> StringList(Dictionary<string, YamlNode> fields, string field, Func<string, string> where)
    {
        if (!fields.TryGetValue(field, out var node)) return [];
        return node switch
        {
            YamlSequenceNode seq => seq.Children.Select(c => (c as YamlScalarNode)?.Value
                ?? throw new StrataInvalidInputException($"{where(field)}: {field} must be a list of names.")).ToList(),
            YamlScalarNode { Value: null or "" } => [],
            YamlScalarNode s => [s.Value!],
            _ => throw new StrataInvalidInputException($"{where(field)}: {field} must be a list of names."),
        };
    }

    private static string Scalar(YamlNode node, string field, Func<string, string> where) =>
        (node as YamlScalarNode)?.Value ?? throw new StrataInvalidInputException($"{where(field)}: {field} must be a single value.");

    private static T Check<T>(Func<T> check, string where)
    {
        try { return check(); }
        catch (StrataInvalidInputException e) { throw new StrataInvalidInputException($"{where}: {e.Message}", e); }
    }

    private static void Check(Action check, string where) => Check(() => { check(); return 0; }, where);
}
