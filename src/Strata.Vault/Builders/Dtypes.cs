using Strata.Data;

namespace Strata.Vault.Builders;

/// <summary>A parsed builder/write dtype: the Strata type and whether the column holds artifact paths.</summary>
internal readonly record struct Dtype(DataType Type, bool Artifact);

/// <summary>
/// Builder and write dtypes: TableVault's (pandas) names — Int64, int64, Int32, Float64, float64, string, str, object,
/// boolean, bool, datetime64[ns], artifact_string — and Strata's own type names (int64, float64, string, list&lt;…&gt;, …).
/// </summary>
internal static class Dtypes
{
    public static Dtype Parse(string text, string what)
    {
        var t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "artifact_string": return new(DataType.String, true);
            case "string" or "str" or "object": return new(DataType.String, false);
            case "int64" or "int": return new(DataType.Int64, false);
            case "int32": return new(DataType.Int32, false);
            case "int16": return new(DataType.Int16, false);
            case "int8": return new(DataType.Int8, false);
            case "float64" or "float" or "double": return new(DataType.Float64, false);
            case "float32": return new(DataType.Float32, false);
            case "boolean" or "bool": return new(DataType.Boolean, false);
            case "datetime64[ns]" or "datetime64[us]" or "timestamp": return new(DataType.Timestamp, false);
            case "date": return new(DataType.Date, false);
        }
        try
        {
            return new(DataType.Parse(t), false);
        }
        catch (StrataInvalidInputException e)
        {
            throw new StrataInvalidInputException(
                $"{what} '{text}' is not a known type; use Int64, Float64, string, boolean, artifact_string or a Strata type such as list<int64>.", e);
        }
    }
}
