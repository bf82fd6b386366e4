using System.Diagnostics;
using Strata.Compilation;
using Strata.Data;

namespace Strata.Tests.Compilation;

public class CSharpCompilerTests
{
    private const string WordCount = """
        public static class Text
        {
            public static long WordCount(string? s) =>
                s is null ? 0 : s.Split(' ', StringSplitOptions.RemoveEmptyEntries).LongLength;
        }
        """;

    [Fact]
    public void Valid_source_compiles_and_its_static_method_runs()
    {
        var result = Compile.Result(WordCount, "word_count.cs", "word_count");

        Assert.True(result.Success, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.NotNull(result.AssemblyBytes);
        Assert.Equal("word_count", result.AssemblyName);

        var method = AssemblyDiscovery.FindMethod(new CompiledAssemblyCache().LoadOrCompile(Compile.One(WordCount), "word_count"), null);
        Assert.Equal(3L, Compile.Invoke(method, "the quick  fox"));
        Assert.Equal(0L, Compile.Invoke(method, [null]));
    }

    [Fact]
    public void Syntax_error_reports_file_line_column_and_message()
    {
        var result = Compile.Result("""
            public static class Udfs
            {
                public static int One() { return 1 }
            }
            """, "broken.cs");

        Assert.False(result.Success);
        Assert.Null(result.AssemblyBytes);
        var error = Assert.Single(result.Errors);
        Assert.Equal("broken.cs", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(40, error.Column); // Roslyn places a missing token at the next token
        Assert.Equal("CS1002", error.Id);
        Assert.Equal("; expected", error.Message);
        Assert.True(error.IsError);
        Assert.Equal("broken.cs(3,40): error CS1002: ; expected", error.ToString());
    }

    [Fact]
    public void Type_error_reports_file_line_and_message()
    {
        var result = Compile.Result("""
            public static class Udfs
            {
                public static int Length(string s)
                {
                    int n = s;
                    return n;
                }
            }
            """, "types.cs");

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("types.cs", 5, 17, "CS0029"), (error.File, error.Line, error.Column, error.Id));
        Assert.Contains("Cannot implicitly convert type 'string' to 'int'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_are_listed_in_source_order_across_files()
    {
        SourceFile[] sources =
        [
            new("a.cs", "public static class A { public static int F() => Missing1; }"),
            new("b.cs", "public static class B { public static int G() => Missing2; }"),
        ];
        var result = Compile.Compiler.Compile(sources, "two");

        Assert.Equal(["a.cs", "b.cs"], result.Errors.Select(e => e.File));
        Assert.All(result.Errors, e => Assert.Equal("CS0103", e.Id));
    }

    [Fact]
    public void Warnings_do_not_fail_the_compilation()
    {
        var result = Compile.Result("""
            public static class Udfs
            {
                public static int F()
                {
                    int unused;
                    return 1;
                }
            }
            """);

        Assert.True(result.Success);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("udf.cs", 5, 13, "CS0168", false), (warning.File, warning.Line, warning.Column, warning.Id, warning.IsError));
        Assert.StartsWith("udf.cs(5,13): warning CS0168: ", warning.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nullable_is_enabled()
    {
        var result = Compile.Result("public static class U { public static int F(string? s) => s.Length; }");

        Assert.True(result.Success);
        Assert.Contains(result.Warnings, w => w.Id == "CS8602");
    }

    [Fact]
    public void Implicit_usings_are_available_and_explicit_ones_do_not_warn()
    {
        var implicitOnly = Compile.Result("""
            public static class U
            {
                public static async Task<int> F(IEnumerable<int> xs, CancellationToken ct)
                {
                    await Task.Yield();
                    var sb = new StringBuilder().Append(xs.Sum());
                    return Path.GetFileName(sb.ToString()).Length;
                }
            }
            """);
        Assert.True(implicitOnly.Success, string.Join("\n", implicitOnly.Errors));

        var alsoExplicit = Compile.Result("""
            using System;
            using System.Linq;
            using Strata.Data;
            public static class U { public static int F(int[] xs) => xs.Sum(); }
            """);
        Assert.True(alsoExplicit.Success, string.Join("\n", alsoExplicit.Errors));
        Assert.Empty(alsoExplicit.Warnings);

        var off = Compile.Result("public static class U { public static int F(int[] xs) => xs.Sum(); }",
            options: new CompileOptions { ImplicitUsings = false });
        Assert.Contains(off.Errors, e => e.Id == "CS1061");
    }

    [Fact]
    public void Every_public_Strata_type_is_usable_by_its_simple_name_under_the_implicit_usings()
    {
        // Guards against a clash between Strata's names and the implicit System namespaces (CS0104).
        var names = typeof(Lake).Assembly.GetExportedTypes()
            .Where(t => !t.IsNested && t.Namespace is "Strata" or "Strata.Data")
            .Select(t => t.IsGenericTypeDefinition
                ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{new string(',', t.GetGenericArguments().Length - 1)}>"
                : t.Name)
            .ToArray();
        var source = $"public static class U {{ public static Type[] All = [{string.Join(", ", names.Select(n => $"typeof({n})"))}]; }}";

        var result = Compile.Result(source);

        Assert.True(names.Length > 20);
        Assert.True(result.Success, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Latest_language_features_compile()
    {
        var result = Compile.Result("""
            public static class U
            {
                extension(string s)
                {
                    public int Twice => s.Length * 2;
                }
                public static int F(int[] xs) => xs is [var first, ..] ? first + "ab".Twice : 0;
            }
            """);

        Assert.True(result.Success, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Source_using_Strata_types_compiles_and_shares_them_with_the_host()
    {
        const string source = """
            public static class Batches
            {
                public static RecordBatch Doubled(RecordBatch input)
                {
                    var values = new long[input.RowCount];
                    for (var i = 0; i < values.Length; i++) values[i] = 2 * (long)input[i, "x"]!;
                    return new RecordBatch(("x2", Column.From(values)));
                }
            }
            """;
        var method = AssemblyDiscovery.FindMethod(Compile.Load(source, "batches"), "Batches.Doubled");

        var output = (RecordBatch)Compile.Invoke(method, new RecordBatch(("x", Column.From(new long[] { 1, 2, 3 }))))!;

        Assert.Equal(typeof(RecordBatch), method.ReturnType);
        Assert.Equal(3, output.RowCount);
        Assert.Equal(6L, output[2, "x2"]);
    }

    [Fact]
    public void SourceHash_is_stable_and_covers_text_path_and_order()
    {
        SourceFile a = new("a.cs", "class A {}");
        SourceFile b = new("b.cs", "class B {}");
        var hash = CSharpCompiler.ComputeSourceHash([a, b]);

        Assert.Equal(64, hash.Length);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, CSharpCompiler.ComputeSourceHash([new("a.cs", "class A {}"), new("b.cs", "class B {}")]));
        Assert.Equal(hash, Compile.Compiler.Compile([a, b], "x").SourceHash);
        Assert.NotEqual(hash, CSharpCompiler.ComputeSourceHash([b, a]));
        Assert.NotEqual(hash, CSharpCompiler.ComputeSourceHash([a, b with { Text = "class B { }" }]));
        Assert.NotEqual(hash, CSharpCompiler.ComputeSourceHash([a, b with { Path = "c.cs" }]));
        // Moving characters between path and text or between files changes the hash (length-prefixed parts).
        Assert.NotEqual(
            CSharpCompiler.ComputeSourceHash([new("ab", "c")]),
            CSharpCompiler.ComputeSourceHash([new("a", "bc")]));
        // A fixed vector (computed independently) guards the definition against accidental change (cached images are keyed by it).
        Assert.Equal(
            "dab388042c600035a652574c18044b238ee97afdf0853ee2892f31b1c647476a",
            CSharpCompiler.ComputeSourceHash([new("u.cs", "public static class U {}")]));
    }

    [Fact]
    public void Same_source_compiles_to_identical_bytes()
    {
        var first = Compile.Result(WordCount);
        var second = Compile.Result(WordCount);

        Assert.Equal(first.AssemblyBytes, second.AssemblyBytes);
    }

    [Fact]
    public void CompileOrThrow_lists_the_first_errors()
    {
        var e = Assert.Throws<CompilationFailedException>(() => Compile.Compiler.CompileOrThrow(
            Compile.One("public static class U { public static int F() { return 1 } }", "word_count.cs"), "word_count"));

        Assert.IsAssignableFrom<StrataException>(e);
        Assert.Equal("word_count", e.AssemblyName);
        Assert.Single(e.Errors);
        Assert.Contains("word_count.cs(1,58): ; expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_message_is_capped_at_five_errors()
    {
        var source = string.Join("\n", Enumerable.Range(0, 8).Select(i => $"public static class U{i} {{ public static int F() => Nope{i}; }}"));
        var e = Assert.Throws<CompilationFailedException>(() => Compile.Result(source, "many.cs").ThrowIfFailed());

        Assert.Equal(8, e.Errors.Count);
        Assert.Contains("many.cs(5,", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("many.cs(6,", e.Message, StringComparison.Ordinal);
        Assert.Contains("and 3 more", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompileAsync_compiles_and_honours_cancellation()
    {
        var result = await Compile.Compiler.CompileAsync(Compile.One(WordCount), "async");
        Assert.True(result.Success);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Compile.Compiler.CompileAsync(Compile.One(WordCount), "async", null, cancelled.Token));
    }

    [Fact]
    public void Stack_traces_of_user_code_name_the_source_file_and_line()
    {
        var method = AssemblyDiscovery.FindMethod(Compile.Load("""
            public static class U
            {
                public static int Fail(int x)
                {
                    if (x > 0)
                        throw new InvalidOperationException("boom");
                    return x;
                }
            }
            """, "throws"), null);

        var e = Assert.Throws<InvalidOperationException>(() => Compile.Invoke(method, 1));

        var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames().First(f => f.GetMethod()?.Name == "Fail");
        Assert.Equal("udf.cs", frame.GetFileName());
        Assert.Equal(6, frame.GetFileLineNumber());
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Compile.Compiler.Compile([], "x"));
        Assert.Throws<ArgumentException>(() => Compile.Compiler.Compile(Compile.One("class A {}"), " "));
        var duplicate = Assert.Throws<StrataInvalidInputException>(() =>
            Compile.Compiler.Compile([new("a.cs", "class A {}"), new("a.cs", "class B {}")], "x"));
        Assert.Contains("a.cs", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_references_compile_and_load()
    {
        using var folder = new TempFolder();
        var library = Compile.Compiler.CompileOrThrow(
            Compile.One("namespace Lib; public static class Helper { public static int Add(int a, int b) => a + b; }", "lib.cs"), "Lib");
        var libraryPath = folder.File("Lib.dll");
        File.WriteAllBytes(libraryPath, library.AssemblyBytes!);
        var options = new CompileOptions { References = [libraryPath] };

        var without = Compile.Result("public static class U { public static int F() => Lib.Helper.Add(1, 2); }");
        Assert.Contains(without.Errors, e => e.Id == "CS0103");

        var assembly = new CompiledAssemblyCache().LoadOrCompile(
            Compile.One("public static class U { public static int F() => Lib.Helper.Add(1, 2); }"), "user", options);
        Assert.Equal(3, Compile.Invoke(AssemblyDiscovery.FindMethod(assembly, null)));
    }

    [Fact]
    public void Missing_reference_path_is_not_found()
    {
        var e = Assert.Throws<StrataNotFoundException>(() => Compile.Result("class A {}",
            options: new CompileOptions { References = ["/no/such/lib.dll"] }));
        Assert.Contains("/no/such/lib.dll", e.Message, StringComparison.Ordinal);
    }
}
