using System.Reflection;

namespace Strata.Udfs;

/// <summary>Where a UDF's code lives.</summary>
/// <param name="TypeName">The declaring (or stateful) type's full name.</param>
/// <param name="MethodName">The method name (null for stateful classes).</param>
/// <param name="AssemblyName">The assembly's name.</param>
/// <param name="AssemblyPath">The assembly file, when it was loaded from one (may be empty for in-memory assemblies).</param>
public sealed record UdfLocation(string TypeName, string? MethodName, string AssemblyName, string? AssemblyPath)
{
    internal static UdfLocation Of(MethodInfo m) =>
        new(m.DeclaringType?.FullName ?? "", m.Name, m.DeclaringType?.Assembly.GetName().Name ?? "", NullIfEmpty(m.DeclaringType?.Assembly.Location));

    internal static UdfLocation Of(Type t) => new(t.FullName ?? t.Name, null, t.Assembly.GetName().Name ?? "", NullIfEmpty(t.Assembly.Location));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
