using Strata.Compilation;

namespace Strata.Tests.Compilation;

public class AssemblyDiscoveryTests
{
    private const string Mixed = """
        namespace Acme.Udfs
        {
            public class Text
            {
                public static int Length(string s) => s.Length;
                public static string Upper(string s) => s.ToUpperInvariant();
                public static int Counter { get; set; }
                public static int Main() => 0;
                public static T Same<T>(T x) => x;
                public int Instance() => 1;
                internal static int Hidden() => 2;
                private static int Lambda(int[] xs) => xs.Select(x => x + 1).Sum();
            }

            public static class Numbers
            {
                public static long Twice(long x) => 2 * x;
                public static long Twice(long x, long y) => 2 * (x + y);
            }

            internal static class Secret
            {
                public static int Nothing() => 0;
            }

            public static class Generic<T>
            {
                public static int Zero() => 0;
            }
        }

        namespace Other
        {
            public static class Text
            {
                public static int Length(string s) => s.Length;
            }
        }
        """;

    private static readonly Lazy<System.Reflection.Assembly> MixedAssembly = new(() => Compile.Load(Mixed, "mixed"));

    [Fact]
    public void PublicStaticMethods_skips_accessors_Main_generics_instance_and_hidden_methods()
    {
        var names = AssemblyDiscovery.PublicStaticMethods(MixedAssembly.Value)
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}/{m.GetParameters().Length}");

        Assert.Equal(
            ["Acme.Udfs.Numbers.Twice/1", "Acme.Udfs.Numbers.Twice/2", "Acme.Udfs.Text.Length/1", "Acme.Udfs.Text.Upper/1", "Other.Text.Length/1"],
            names);
    }

    [Fact]
    public void The_only_public_static_method_is_found_without_a_name()
    {
        var method = AssemblyDiscovery.FindMethod(
            Compile.Load("public static class U { public static int One() => 1; public static int P { get; } = 2; }"), null);

        Assert.Equal("One", method.Name);
    }

    [Fact]
    public void Several_methods_without_a_name_is_an_error_listing_them()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindMethod(MixedAssembly.Value, null));

        Assert.Contains("4 public static methods", e.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Udfs.Text.Upper", e.Message, StringComparison.Ordinal);
        Assert.Contains("Other.Text.Length", e.Message, StringComparison.Ordinal);
        Assert.Contains("--method Type.Method", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_public_static_method_is_an_error()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() =>
            AssemblyDiscovery.FindMethod(Compile.Load("public class C { public int F() => 1; }"), " "));

        Assert.Contains("no public static method", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper", "Acme.Udfs.Text")]
    [InlineData("Acme.Udfs.Text.Upper", "Acme.Udfs.Text")]
    [InlineData("Udfs.Text.Upper", "Acme.Udfs.Text")]
    [InlineData("Other.Text.Length", "Other.Text")]
    public void An_explicit_method_is_found_by_type_and_method_name(string suffix, string type)
    {
        var name = suffix.Contains('.', StringComparison.Ordinal) ? suffix : "Text." + suffix;

        var method = AssemblyDiscovery.FindMethod(MixedAssembly.Value, name);

        Assert.Equal(type, method.DeclaringType!.FullName);
    }

    [Fact]
    public void A_short_type_name_shared_by_two_namespaces_is_ambiguous_when_both_have_the_method()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindMethod(MixedAssembly.Value, "Text.Length"));

        Assert.Contains("ambiguous", e.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Udfs.Text", e.Message, StringComparison.Ordinal);
        Assert.Contains("Other.Text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overloaded_method_is_ambiguous()
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindMethod(MixedAssembly.Value, "Numbers.Twice"));

        Assert.Contains("overloaded", e.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Udfs.Numbers.Twice(Int64)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Acme.Udfs.Numbers.Twice(Int64, Int64)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_overloaded_name_without_a_name_is_ambiguous_too()
    {
        var assembly = Compile.Load("public static class U { public static int F(int x) => x; public static int F(string s) => 0; }");

        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindMethod(assembly, null));

        Assert.Contains("U.F is overloaded", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Acme.Udfs.Text.Missing", "there is no such method", "Acme.Udfs.Text.Length")]
    [InlineData("Acme.Udfs.Text.Instance", "instance method", "Acme.Udfs.Text.Upper")]
    [InlineData("Acme.Udfs.Text.Hidden", "not public", "Acme.Udfs.Text.Length")]
    [InlineData("Acme.Udfs.Text.Same", "generic", "Acme.Udfs.Text.Length")]
    [InlineData("Nope.Length", "no such type", "Acme.Udfs.Numbers")]
    [InlineData("Secret.Nothing", "Acme.Udfs.Secret is not public", "Acme.Udfs.Text")]
    [InlineData("Length", "Type.Method", "Acme.Udfs.Text.Length")]
    [InlineData("Text.Missing", "'Text' is ambiguous", "Acme.Udfs.Text, Other.Text")]
    public void A_missing_method_is_an_error_naming_what_exists(string name, string why, string listed)
    {
        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindMethod(MixedAssembly.Value, name));

        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains(listed, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicClasses_lists_concrete_public_classes_only()
    {
        var assembly = Compile.Load("""
            public class Module { }
            public sealed record Options(int Size);
            public abstract class Base { }
            public static class Helpers { }
            public class Generic<T> { }
            internal class Hidden { }
            public interface IThing { }
            public struct Point { }
            public delegate int Callback(int x);
            public class Outer { public class Inner { } }
            """);

        Assert.Equal(["Module", "Options", "Outer", "Outer+Inner"], AssemblyDiscovery.PublicClasses(assembly).Select(t => t.FullName));
    }

    [Fact]
    public void FindClass_takes_the_only_class_or_the_named_one()
    {
        var single = Compile.Load("namespace M; public class Module { public int Run() => 1; } public static class Helpers { }");
        Assert.Equal("M.Module", AssemblyDiscovery.FindClass(single, null).FullName);

        var two = Compile.Load("namespace M; public class A { } public class B { } public abstract class C { }");
        Assert.Equal("M.B", AssemblyDiscovery.FindClass(two, "B").FullName);
        Assert.Equal("M.A", AssemblyDiscovery.FindClass(two, "M.A").FullName);

        var several = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindClass(two, null));
        Assert.Contains("2 public classes (M.A, M.B)", several.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindClass(two, "D"));
        Assert.Contains("no such type", missing.Message, StringComparison.Ordinal);

        var abstractClass = Assert.Throws<StrataInvalidInputException>(() => AssemblyDiscovery.FindClass(two, "C"));
        Assert.Contains("M.C: it is abstract", abstractClass.Message, StringComparison.Ordinal);
        Assert.Contains("M.A, M.B", abstractClass.Message, StringComparison.Ordinal);

        var none = Assert.Throws<StrataInvalidInputException>(() =>
            AssemblyDiscovery.FindClass(Compile.Load("public static class Helpers { }"), null));
        Assert.Contains("no public class", none.Message, StringComparison.Ordinal);
    }
}
