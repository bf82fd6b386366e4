namespace Strata.Tests.Vault;

/// <summary>The C# code modules and builder files the vault tests store (counting every call in a file outside the vault).</summary>
internal static class VaultModules
{
    public const string Text = """
        public static class Text
        {
            private static readonly object Gate = new();

            public static void Count(string counter, string what)
            {
                lock (Gate) File.AppendAllText(counter, what + "\n");
            }

            // chunks: one row per line of each file, with an artifact file holding the line
            public static IEnumerable<(string, long, string, string)> Chunks(List<string> paths, string counter, string artifacts)
            {
                Count(counter, "chunks");
                foreach (var path in paths)
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    var lines = File.ReadAllLines(path);
                    for (var i = 0; i < lines.Length; i++)
                    {
                        var rel = $"{name}-{i}.txt";
                        File.WriteAllText(Path.Combine(artifacts, rel), lines[i]);
                        yield return ($"{name}-{i}", i, lines[i], rel);
                    }
                }
            }

            public static RecordBatch Ids(List<string> ids, List<string> texts, string counter)
            {
                Count(counter, "ids");
                return RecordBatch.FromArrays(("a", ids.ToArray()), ("b", texts.ToArray()));
            }

            public static long Words(string text, string counter)
            {
                Count(counter, "words");
                return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            }

            public static string Upper(string text, string counter, string suffix = "")
            {
                Count(counter, "upper");
                return text.ToUpperInvariant() + suffix;
            }
        }
        """;

    public const string Slow = """
        public static class Slow
        {
            private static readonly object Gate = new();

            public static long Length(string text, string counter, int delayMs)
            {
                Thread.Sleep(delayMs);
                lock (Gate) File.AppendAllText(counter, "slow\n");
                return text.Length;
            }
        }
        """;

    public const string RandomIndex = """
        builder_type: IndexBuilder
        changed_columns: [s]
        primary_key: [s]
        code_module: builtin_random
        function: strings
        arguments:
          count: 30
          length: 12
          seed: 7
        """;

    public static string SlowLength(string counter, int delayMs) => $"""
        builder_type: ColumnBuilder
        changed_columns: [len]
        code_module: slow
        function: Length
        arguments:
          text: <<self.s>>
          counter: {counter}
          delayMs: {delayMs}
        return_type: row-wise
        n_threads: 2
        """;

    public static string Docs(string folder) => $"""
        builder_type: IndexBuilder
        changed_columns: [name, path, size]
        primary_key: [name]
        code_module: builtin_files
        function: files
        arguments:
          folder: {folder}
        return_type: dataframe
        """;

    public static string ChunksIndex(string counter) => $"""
        builder_type: IndexBuilder
        changed_columns: [chunk_id, line_no, text, file]
        primary_key: [chunk_id]
        code_module: text
        function: Chunks
        arguments:
          paths: <<docs.path>>
          counter: {counter}
          artifacts: ~ARTIFACT_FOLDER~
        return_type: generator
        dtypes:
          file: artifact_string
        """;

    public static string FeaturesIndex(string counter) => $"""
        builder_type: IndexBuilder
        changed_columns: [chunk_id, text]
        primary_key: [chunk_id]
        code_module: text
        function: Ids
        arguments:
          ids: <<chunks.chunk_id>>
          texts: <<chunks.text>>
          counter: {counter}
        """;

    public static string Words(string counter) => $"""
        builder_type: ColumnBuilder
        changed_columns: [words]
        code_module: text
        python_function: Words
        arguments:
          text: <<self.text>>
          counter: {counter}
        return_type: row-wise
        n_threads: 3
        """;

    public static string Upper(string counter, string suffix = "") => $"""
        builder_type: ColumnBuilder
        changed_columns: [upper]
        code_module: text
        function: Text.Upper
        arguments:
          text: <<self.text>>
          counter: {counter}
          suffix: "{suffix}"
        return_type: row-wise
        n_threads: 2
        """;
}
