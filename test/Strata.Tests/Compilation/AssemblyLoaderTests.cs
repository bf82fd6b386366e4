using System.Runtime.Loader;
using Strata.Compilation;
using Strata.Data;

namespace Strata.Tests.Compilation;

public class AssemblyLoaderTests
{
    private static string WriteLibrary(TempFolder folder, string subfolder, string source, string name)
    {
        var image = Compile.Compiler.CompileOrThrow(Compile.One(source, name + ".cs"), name).AssemblyBytes!;
        var directory = Directory.CreateDirectory(Path.Combine(folder.Path, subfolder)).FullName;
        var path = Path.Combine(directory, name + ".dll");
        File.WriteAllBytes(path, image);
        return path;
    }

    [Fact]
    public void A_compiled_dll_loads_from_disk_and_runs()
    {
        using var folder = new TempFolder();
        var path = WriteLibrary(folder, "bin", "public static class U { public static int Answer() => 42; }", "answer");

        var assembly = AssemblyLoader.LoadAssemblyFile(path);

        Assert.Equal(42, Compile.Invoke(AssemblyDiscovery.FindMethod(assembly, null)));
        Assert.Equal(path, assembly.Location);
        Assert.True(AssemblyLoadContext.GetLoadContext(assembly)!.IsCollectible);
    }

    [Fact]
    public void Two_versions_of_a_same_named_assembly_load_side_by_side()
    {
        using var folder = new TempFolder();
        var v1 = WriteLibrary(folder, "v1", "public static class U { public static int Version() => 1; }", "plugin");
        var v2 = WriteLibrary(folder, "v2", "public static class U { public static int Version() => 2; }", "plugin");

        var first = AssemblyLoader.LoadAssemblyFile(v1);
        var second = AssemblyLoader.LoadAssemblyFile(v2);

        Assert.Equal(1, Compile.Invoke(AssemblyDiscovery.FindMethod(first, null)));
        Assert.Equal(2, Compile.Invoke(AssemblyDiscovery.FindMethod(second, null)));
    }

    [Fact]
    public void Dependencies_resolve_from_the_assembly_folder_and_Strata_from_the_host()
    {
        using var folder = new TempFolder();
        var helper = WriteLibrary(folder, "bin", "namespace H; public static class Helper { public static long Three() => 3; }", "helper");
        var image = Compile.Compiler.CompileOrThrow(
            Compile.One("public static class U { public static RecordBatch Make() => new((\"x\", Column.From(new[] { H.Helper.Three() }))); }"),
            "user", new CompileOptions { References = [helper] }).AssemblyBytes!;
        var path = Path.Combine(Path.GetDirectoryName(helper)!, "user.dll");
        File.WriteAllBytes(path, image);
        // A stray copy of Strata next to the user's assembly must not be loaded in place of the host's.
        File.Copy(typeof(Lake).Assembly.Location, Path.Combine(Path.GetDirectoryName(helper)!, "Strata.dll"));

        var batch = Compile.Invoke(AssemblyDiscovery.FindMethod(AssemblyLoader.LoadAssemblyFile(path), null));

        var typed = Assert.IsType<RecordBatch>(batch);
        Assert.Equal(3L, typed[0, "x"]);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var e = Assert.Throws<StrataNotFoundException>(() => AssemblyLoader.LoadAssemblyFile("/no/such/udf.dll"));

        Assert.Contains("/no/such/udf.dll", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_invalid_input_naming_it()
    {
        using var folder = new TempFolder();
        var path = folder.File("notes.dll");
        File.WriteAllText(path, "these are not the bytes you are looking for");

        var e = Assert.Throws<StrataInvalidInputException>(() => AssemblyLoader.LoadAssemblyFile(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.IsType<BadImageFormatException>(e.InnerException);
    }
}
