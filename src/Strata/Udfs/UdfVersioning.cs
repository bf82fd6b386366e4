using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Udfs;

/// <summary>
/// Default UDF versions: a hash of the function's IL and signature (and, for classes, of every method's
/// IL). Rebuilding unchanged code keeps the version; editing the function changes it. Code reached only
/// through calls into other methods is not part of the hash — declare a version when that matters.
/// </summary>
internal static class UdfVersioning
{
    public static string HashOf(MethodInfo method, string extra = "")
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(sha, method);
        sha.AppendData(Encoding.UTF8.GetBytes(extra));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    public static string HashOf(Type type)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(type.FullName ?? type.Name));
        foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                     .OrderBy(m => m.ToString(), StringComparer.Ordinal))
            Add(sha, m);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static void Add(IncrementalHash sha, MethodInfo method)
    {
        sha.AppendData(Encoding.UTF8.GetBytes(method.ToString() ?? method.Name));
        sha.AppendData(Encoding.UTF8.GetBytes(method.ReturnType.FullName ?? ""));
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is not null) sha.AppendData(il);
    }
}
