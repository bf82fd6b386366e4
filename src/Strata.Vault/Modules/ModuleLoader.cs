using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Strata.Compilation;

namespace Strata.Vault.Modules;

/// <summary>
/// Loads code modules: C# files stored at <c>vault/modules/&lt;name&gt;.cs</c>, compiled with Roslyn once per
/// source (cached by source hash, process-wide), and the built-in modules. Resolves a builder's
/// <c>function</c> (<c>Method</c> or <c>Class.Method</c>) to a public static method.
/// </summary>
internal sealed class ModuleLoader(Vault vault)
{
    private static readonly CompiledAssemblyCache Cache = new();
    private static readonly Dictionary<string, Type> Builtins = new(StringComparer.Ordinal)
    {
        ["builtin_rows"] = typeof(BuiltinRows),
        ["builtin_files"] = typeof(BuiltinFiles),
        ["builtin_random"] = typeof(BuiltinRandom),
    };

    public static bool IsBuiltin(string module) => Builtins.ContainsKey(module);

    public static IEnumerable<string> BuiltinNames => Builtins.Keys;

    public async Task<ModuleFunction> ResolveAsync(string module, string function, string where, CancellationToken ct)
    {
        Type[] types;
        string hash;
        if (Builtins.TryGetValue(module, out var builtin))
        {
            types = [builtin];
            hash = $"builtin:{module}:1";
        }
        else
        {
            var path = VaultPaths.Module(VaultNames.Module(module));
            if (!await vault.Storage.ExistsAsync(path, ct).ConfigureAwait(false))
                throw new StrataNotFoundException($"{where}: code module '{module}' does not exist; create it with CreateCodeModuleAsync (or use builtin_rows, builtin_files, builtin_random).");
            var text = Encoding.UTF8.GetString(await vault.Storage.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
            hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            var assembly = Cache.LoadOrCompile([new SourceFile(path, text)], "vault_module_" + module.Replace('-', '_'));
            types = assembly.GetExportedTypes();
        }
        return new ModuleFunction(FindMethod(types, module, function, where), hash);
    }

    /// <summary>Compiles a module's source (cached), so a bad module is refused before it is stored.</summary>
    public void Compile(string module, string text)
    {
        _ = vault;
        Cache.LoadOrCompile([new SourceFile(VaultPaths.Module(module), text)], "vault_module_" + module.Replace('-', '_'));
    }

    private static MethodInfo FindMethod(Type[] types, string module, string function, string where)
    {
        var dot = function.LastIndexOf('.');
        var typeName = dot < 0 ? null : function[..dot];
        var methodName = dot < 0 ? function : function[(dot + 1)..];
        var candidates = types
            .Where(t => typeName is null || t.Name == typeName || t.FullName == typeName)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.Name == methodName || string.Equals(ToSnake(m.Name), methodName, StringComparison.Ordinal))
            .Where(m => !m.IsGenericMethodDefinition)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new StrataNotFoundException(
                $"{where}: code module '{module}' has no public static method '{function}'; its methods are: " +
                string.Join(", ", types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => !m.IsSpecialName)
                    .Select(m => $"{t.Name}.{m.Name}")).Distinct().Take(20)) + "."),
            _ => throw new StrataInvalidInputException(
                $"{where}: '{function}' in code module '{module}' is ambiguous ({string.Join(", ", candidates.Select(c => c.DeclaringType!.Name + "." + c.Name))}); write Class.Method."),
        };
    }

    /// <summary>PascalCase → snake_case, so TableVault-style names (<c>random_string</c>) find C# methods (<c>RandomString</c>).</summary>
    internal static string ToSnake(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
