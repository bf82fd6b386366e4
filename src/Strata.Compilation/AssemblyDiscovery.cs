using System.Reflection;
using System.Runtime.CompilerServices;

namespace Strata.Compilation;

/// <summary>
/// Finds the entry points of user code: the public static methods that become UDFs and the public classes that
/// become code modules. Names are shown as <c>Namespace.Type.Method</c> (nested types joined with dots).
/// </summary>
public static class AssemblyDiscovery
{
    private const int CandidatesInMessage = 20;

    /// <summary>
    /// The public static methods of the assembly's public types, sorted by name: not compiler-generated, not
    /// property, event or operator accessors, not <c>Main</c>, not generic (a UDF needs concrete types), and not
    /// on open generic types.
    /// </summary>
    /// <param name="assembly">The user's assembly.</param>
    /// <exception cref="StrataInvalidInputException">The assembly's types cannot be loaded (a missing dependency).</exception>
    public static IReadOnlyList<MethodInfo> PublicStaticMethods(Assembly assembly) =>
        [.. PublicTypes(assembly)
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(IsCandidate)
            .OrderBy(Display, StringComparer.Ordinal)
            .ThenBy(m => m.GetParameters().Length)];

    /// <summary>
    /// The assembly's public concrete classes, sorted by name: not abstract or static, not generic, not delegates,
    /// not compiler-generated.
    /// </summary>
    /// <param name="assembly">The user's assembly.</param>
    /// <exception cref="StrataInvalidInputException">The assembly's types cannot be loaded (a missing dependency).</exception>
    public static IReadOnlyList<Type> PublicClasses(Assembly assembly) =>
        [.. PublicTypes(assembly)
            .Where(t => t.IsClass && !t.IsAbstract && !t.ContainsGenericParameters && !typeof(Delegate).IsAssignableFrom(t))
            .OrderBy(Display, StringComparer.Ordinal)];

    /// <summary>
    /// The UDF method: the one named by <paramref name="typeDotMethod"/> (<c>Type.Method</c> or
    /// <c>Namespace.Type.Method</c>), or, when that is null or empty, the assembly's only public static method
    /// (see <see cref="PublicStaticMethods"/>).
    /// </summary>
    /// <param name="assembly">The user's assembly.</param>
    /// <param name="typeDotMethod">The method to pick, or null to take the only one.</param>
    /// <exception cref="StrataInvalidInputException">
    /// No such method, more than one candidate (by overload, or because none was named), or none at all;
    /// the message lists what the assembly has.
    /// </exception>
    public static MethodInfo FindMethod(Assembly assembly, string? typeDotMethod)
    {
        var methods = PublicStaticMethods(assembly);
        var name = AssemblyLabel(assembly);
        if (string.IsNullOrWhiteSpace(typeDotMethod))
        {
            var names = methods.Select(Display).Distinct().ToArray();
            return names.Length switch
            {
                0 => throw new StrataInvalidInputException(
                    $"{name} has no public static method; a UDF is a public static method of a public class, " +
                    "for example: public static class Udfs { public static long Twice(long x) => 2 * x; }"),
                1 => methods.Count == 1 ? methods[0] : throw Overloaded(methods),
                _ => throw new StrataInvalidInputException(
                    $"{name} has {names.Length} public static methods ({List(names)}); " +
                    "pass --method Type.Method to choose one."),
            };
        }

        var text = typeDotMethod.Trim();
        var dot = text.LastIndexOf('.');
        if (dot <= 0 || dot == text.Length - 1)
        {
            throw new StrataInvalidInputException(
                $"'{text}' does not name a method as Type.Method; {name} has: {List(methods.Select(Display))}.");
        }
        var typeName = text[..dot];
        var methodName = text[(dot + 1)..];
        // A short type name may match types in several namespaces; the method name often settles which one.
        var named = methods.Where(m => m.Name == methodName && NameMatches(m.DeclaringType!, typeName)).ToArray();
        var exact = named.Where(m => Display(m.DeclaringType!) == typeName).ToArray();
        var found = exact.Length > 0 ? exact : named;
        if (found.Length == 1) return found[0];
        if (found.Length > 1)
        {
            if (found.Select(m => m.DeclaringType).Distinct().Count() == 1) throw Overloaded(found);
            throw new StrataInvalidInputException(
                $"'{text}' is ambiguous in {name}: {List(found.Select(Display))}; use the full name.");
        }

        var type = ResolveType(assembly, typeName, name);

        var other = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == methodName);
        var why = other switch
        {
            null => "there is no such method",
            { IsStatic: false } => "it is an instance method; a UDF must be public static",
            { IsPublic: false } => "it is not public; a UDF must be public static",
            { IsGenericMethodDefinition: true } => "it is generic; a UDF needs concrete parameter types",
            _ => "it is not usable as a UDF",
        };
        var ofType = methods.Where(m => m.DeclaringType == type).Select(Display).ToArray();
        throw new StrataInvalidInputException(
            $"cannot use {Display(type)}.{methodName}: {why}. " +
            (ofType.Length > 0
                ? $"Public static methods of {Display(type)}: {List(ofType)}."
                : $"{Display(type)} has no public static methods; {name} has: {List(methods.Select(Display))}."));
    }

    /// <summary>
    /// The code-module class: the one named by <paramref name="typeName"/> (<c>Type</c> or <c>Namespace.Type</c>),
    /// or, when that is null or empty, the assembly's only public concrete class (see <see cref="PublicClasses"/>).
    /// </summary>
    /// <param name="assembly">The user's assembly.</param>
    /// <param name="typeName">The class to pick, or null to take the only one.</param>
    /// <exception cref="StrataInvalidInputException">
    /// No such class, an ambiguous name, more than one candidate when none was named, or none at all;
    /// the message lists what the assembly has.
    /// </exception>
    public static Type FindClass(Assembly assembly, string? typeName)
    {
        var classes = PublicClasses(assembly);
        var name = AssemblyLabel(assembly);
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return classes.Count switch
            {
                1 => classes[0],
                0 => throw new StrataInvalidInputException(
                    $"{name} has no public class that can be created (public, not abstract or static, not generic)."),
                _ => throw new StrataInvalidInputException(
                    $"{name} has {classes.Count} public classes ({List(classes.Select(Display))}); name the class to use."),
            };
        }
        var type = ResolveType(assembly, typeName.Trim(), name);
        if (classes.Contains(type)) return type;
        var why = type switch
        {
            { IsClass: false } => "it is not a class",
            { IsAbstract: true, IsSealed: true } => "it is static",
            { IsAbstract: true } => "it is abstract",
            { ContainsGenericParameters: true } => "it is generic",
            _ => "it cannot be created",
        };
        throw new StrataInvalidInputException(
            $"cannot use {Display(type)}: {why}. Public classes in {name}: {List(classes.Select(Display))}.");
    }

    private static StrataInvalidInputException Overloaded(IReadOnlyList<MethodInfo> overloads) =>
        new($"{Display(overloads[0])} is overloaded ({List(overloads.Select(Signature))}); a UDF needs a single " +
            "method of that name — rename the other overloads.");

    /// <summary>The public type named <c>Namespace.Type</c> or just <c>Type</c> (when that is unambiguous).</summary>
    private static Type ResolveType(Assembly assembly, string typeName, string assemblyLabel)
    {
        var types = PublicTypes(assembly);
        var exact = types.FirstOrDefault(t => Display(t) == typeName);
        if (exact is not null) return exact;
        var bySuffix = types.Where(t => NameMatches(t, typeName)).ToArray();
        if (bySuffix.Length == 1) return bySuffix[0];
        if (bySuffix.Length > 1)
        {
            throw new StrataInvalidInputException(
                $"'{typeName}' is ambiguous in {assemblyLabel}: {List(bySuffix.Select(Display))}; use the full name.");
        }
        var hidden = AllTypes(assembly).FirstOrDefault(t => NameMatches(t, typeName));
        var why = hidden is null ? "there is no such type" : $"{Display(hidden)} is not public";
        throw new StrataInvalidInputException(
            $"cannot find '{typeName}' in {assemblyLabel}: {why}. Its public types: {List(types.Select(Display))}.");
    }

    /// <summary>Whether <paramref name="typeName"/> is the type's full name or a dot-separated tail of it.</summary>
    private static bool NameMatches(Type type, string typeName)
    {
        var display = Display(type);
        return display == typeName || display.EndsWith("." + typeName, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Type> PublicTypes(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new StrataInvalidInputException(
                $"the types of {AssemblyLabel(assembly)} cannot be loaded (is a dependency missing?): {Describe(e)}", e);
        }
        return [.. types.Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)).OrderBy(Display, StringComparer.Ordinal)];
    }

    private static Type[] AllTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return [.. e.Types.OfType<Type>()];
        }
    }

    private static bool IsCandidate(MethodInfo method) =>
        !method.IsSpecialName
        && !method.IsGenericMethodDefinition
        && method.Name != "Main"
        && !method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static string Display(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string Display(MethodInfo method) => $"{Display(method.DeclaringType!)}.{method.Name}";

    private static string Signature(MethodInfo method) =>
        $"{Display(method)}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    private static string AssemblyLabel(Assembly assembly) => $"assembly '{assembly.GetName().Name}'";

    private static string List(IEnumerable<string> names)
    {
        var all = names.Distinct().ToArray();
        if (all.Length == 0) return "nothing";
        var shown = string.Join(", ", all.Take(CandidatesInMessage));
        return all.Length > CandidatesInMessage ? $"{shown} and {all.Length - CandidatesInMessage} more" : shown;
    }

    private static string Describe(Exception e) =>
        e is ReflectionTypeLoadException load && load.LoaderExceptions.FirstOrDefault(x => x is not null) is { } first
            ? first.Message
            : e.Message;
}
