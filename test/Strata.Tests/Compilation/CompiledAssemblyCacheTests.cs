using System.Runtime.CompilerServices;
using Strata.Compilation;

namespace Strata.Tests.Compilation;

public class CompiledAssemblyCacheTests
{
    private static SourceFile[] Version(int n) =>
        Compile.One($"public static class Module {{ public static int Version() => {n}; }}", "module.cs");

    [Fact]
    public void Same_source_returns_the_same_assembly_without_recompiling()
    {
        var cache = new CompiledAssemblyCache();

        var first = cache.LoadOrCompile(Version(1), "module");
        var second = cache.LoadOrCompile(Version(1), "module");

        Assert.Same(first, second);
        Assert.Equal(1, cache.Compilations);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Changed_source_compiles_again_and_both_versions_live_side_by_side()
    {
        var cache = new CompiledAssemblyCache();

        var v1 = cache.LoadOrCompile(Version(1), "module");
        var v2 = cache.LoadOrCompile(Version(2), "module");

        Assert.NotSame(v1, v2);
        Assert.Equal(2, cache.Compilations);
        Assert.Equal(v1.GetName().Name, v2.GetName().Name);
        Assert.Equal(1, Compile.Invoke(AssemblyDiscovery.FindMethod(v1, null)));
        Assert.Equal(2, Compile.Invoke(AssemblyDiscovery.FindMethod(v2, null)));
    }

    [Fact]
    public void Same_source_under_another_assembly_name_is_a_different_entry()
    {
        var cache = new CompiledAssemblyCache();

        var a = cache.LoadOrCompile(Version(1), "a");
        var b = cache.LoadOrCompile(Version(1), "b");

        Assert.Equal("a", a.GetName().Name);
        Assert.Equal("b", b.GetName().Name);
    }

    [Fact]
    public void Compiled_images_are_written_to_the_folder_and_reused_by_a_new_cache()
    {
        using var folder = new TempFolder();
        var first = new CompiledAssemblyCache(folder.Path);
        first.LoadOrCompile(Version(7), "module");

        var file = Assert.Single(Directory.GetFiles(folder.Path));
        Assert.Matches("^[0-9a-f]{64}\\.dll$", Path.GetFileName(file));

        var second = new CompiledAssemblyCache(folder.Path);
        var loaded = second.LoadOrCompile(Version(7), "module");

        Assert.Equal(0, second.Compilations);
        Assert.Equal(7, Compile.Invoke(AssemblyDiscovery.FindMethod(loaded, null)));
    }

    [Fact]
    public void A_damaged_image_in_the_folder_is_compiled_again_and_replaced()
    {
        using var folder = new TempFolder();
        new CompiledAssemblyCache(folder.Path).LoadOrCompile(Version(3), "module");
        var file = Assert.Single(Directory.GetFiles(folder.Path));
        File.WriteAllText(file, "not an assembly");

        var cache = new CompiledAssemblyCache(folder.Path);
        var loaded = cache.LoadOrCompile(Version(3), "module");

        Assert.Equal(1, cache.Compilations);
        Assert.Equal(3, Compile.Invoke(AssemblyDiscovery.FindMethod(loaded, null)));
        Assert.Equal("MZ", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file), 0, 2));
        Assert.Single(Directory.GetFiles(folder.Path)); // no temporary files left behind
    }

    [Fact]
    public void An_unwritable_folder_does_not_fail_the_load()
    {
        using var folder = new TempFolder();
        var blocker = folder.File("cache");
        File.WriteAllText(blocker, "a file where the cache folder should be");

        var cache = new CompiledAssemblyCache(blocker);

        Assert.Equal(5, Compile.Invoke(AssemblyDiscovery.FindMethod(cache.LoadOrCompile(Version(5), "module"), null)));
    }

    [Fact]
    public void Compilation_failures_throw_and_are_not_cached()
    {
        using var folder = new TempFolder();
        var cache = new CompiledAssemblyCache(folder.Path);
        var broken = Compile.One("public static class U { public static int F() => nope; }");

        Assert.Throws<CompilationFailedException>(() => cache.LoadOrCompile(broken, "broken"));
        Assert.Throws<CompilationFailedException>(() => cache.LoadOrCompile(broken, "broken"));

        Assert.Equal(2, cache.Compilations);
        Assert.Equal(0, cache.Count);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_source_compile_once()
    {
        var cache = new CompiledAssemblyCache();

        var assemblies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.LoadOrCompile(Version(9), "module"))));

        Assert.All(assemblies, a => Assert.Same(assemblies[0], a));
        Assert.Equal(1, cache.Compilations);
    }

    [Fact]
    public void Clear_forgets_loaded_assemblies_and_running_code_keeps_working()
    {
        var cache = new CompiledAssemblyCache();
        var method = AssemblyDiscovery.FindMethod(cache.LoadOrCompile(Version(4), "module"), null);

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Equal(4, Compile.Invoke(method));
        cache.LoadOrCompile(Version(4), "module");
        Assert.Equal(2, cache.Compilations);
    }

    [Fact]
    public void Cleared_assemblies_are_unloaded_once_unreferenced()
    {
        var cache = new CompiledAssemblyCache();
        var context = LoadAndRun(cache);

        cache.Clear();
        for (var i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(context.IsAlive, "the cleared load context was not collected");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndRun(CompiledAssemblyCache cache)
    {
        // Uses a Strata type across the boundary: sharing the host's Strata must not pin the context.
        var assembly = cache.LoadOrCompile(
            Compile.One("public static class U { public static RecordBatch Make() => new((\"x\", Column.From(new[] { 1L }))); }"), "unload");
        Assert.Equal(1, ((Strata.Data.RecordBatch)Compile.Invoke(AssemblyDiscovery.FindMethod(assembly, null))!).RowCount);
        return new WeakReference(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly));
    }

    [Fact]
    public void Each_assembly_gets_its_own_collectible_load_context()
    {
        var cache = new CompiledAssemblyCache();

        var v1 = cache.LoadOrCompile(Version(1), "module");
        var v2 = cache.LoadOrCompile(Version(2), "module");

        var c1 = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(v1)!;
        var c2 = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(v2)!;
        Assert.NotSame(c1, c2);
        Assert.True(c1.IsCollectible);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, c1);
    }

    [Fact]
    public void Cache_key_extends_the_source_hash_with_name_and_options()
    {
        var hash = CSharpCompiler.ComputeSourceHash(Version(1));
        var key = CompiledAssemblyCache.CacheKey(hash, "module", CompileOptions.Default);

        Assert.Equal(key, CompiledAssemblyCache.CacheKey(hash, "module", new CompileOptions()));
        Assert.NotEqual(key, CompiledAssemblyCache.CacheKey(hash, "other", CompileOptions.Default));
        Assert.NotEqual(key, CompiledAssemblyCache.CacheKey(hash, "module", new CompileOptions { ImplicitUsings = false }));
        Assert.NotEqual(key, CompiledAssemblyCache.CacheKey(CSharpCompiler.ComputeSourceHash(Version(2)), "module", CompileOptions.Default));
    }
}
