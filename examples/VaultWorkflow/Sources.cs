namespace Strata.Examples.VaultWorkflow;

/// <summary>The C# code module and the YAML builder files the example stores in its vault.</summary>
internal static class Sources
{
    /// <summary>The code module: public static methods that builder files call by name.</summary>
    public const string Module = """
        public static class Workflow
        {
            // Basic workflow: the index builder yields the ids, a column builder computes one value per row.
            public static IEnumerable<long> Ids(int count) { for (long i = 1; i <= count; i++) yield return i; }

            public static long Power(long id, int exponent)
            {
                var result = 1L;
                for (var i = 0; i < exponent; i++) result *= id;
                return result;
            }

            // Pipeline: one chunk per sentence of each file; each chunk's text is written to an artifact file.
            public static IEnumerable<(string, string, long, string, string)> Chunks(List<string> paths, string artifacts)
            {
                foreach (var path in paths)
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    var sentences = File.ReadAllText(path).Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    for (var i = 0; i < sentences.Length; i++)
                    {
                        var file = $"{name}-{i:000}.txt";
                        File.WriteAllText(Path.Combine(artifacts, file), sentences[i]);
                        yield return ($"{name}-{i:000}", name, i, sentences[i], file);
                    }
                }
            }

            // Derived table: its rows are the chunks' ids and texts.
            public static RecordBatch Rows(List<string> ids, List<string> texts) =>
                RecordBatch.FromArrays(("a", ids.ToArray()), ("b", texts.ToArray()));

            // Row-wise, two outputs per row (a tuple): the chunk's words and characters.
            public static (long, long) Measure(string text) =>
                (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, text.Length);
        }
        """;

    public static string NumbersIndex(int count) => $"""
        builder_type: IndexBuilder
        changed_columns: [id]
        primary_key: [id]
        code_module: workflow
        function: Ids
        arguments:
          count: {count}
        return_type: generator
        """;

    public static string Power(int exponent) => $"""
        builder_type: ColumnBuilder
        changed_columns: [power]
        code_module: workflow
        function: Power
        arguments:
          id: <<self.id>>
          exponent: {exponent}
        return_type: row-wise
        """;

    public static string Label => """
        builder_type: ColumnBuilder
        changed_columns: [label]
        code_module: builtin_random
        function: random_string
        arguments:
          length: 6
        return_type: row-wise
        """;

    public static string FilesIndex(string folder) => $"""
        builder_type: IndexBuilder
        changed_columns: [name, path, size]
        primary_key: [name]
        code_module: builtin_files
        function: files
        arguments:
          folder: {folder}
        return_type: dataframe
        """;

    public const string ChunksIndex = """
        builder_type: IndexBuilder
        changed_columns: [chunk_id, document, position, text, file]
        primary_key: [chunk_id]
        code_module: workflow
        function: Chunks
        arguments:
          paths: <<documents.path>>
          artifacts: ~ARTIFACT_FOLDER~
        return_type: generator
        dtypes:
          file: artifact_string
        """;

    public const string StatsIndex = """
        builder_type: IndexBuilder
        changed_columns: [chunk_id, text]
        primary_key: [chunk_id]
        code_module: workflow
        function: Rows
        arguments:
          ids: <<chunks.chunk_id>>
          texts: <<chunks.text>>
        return_type: dataframe
        """;

    public const string Measure = """
        builder_type: ColumnBuilder
        changed_columns: [words, characters]
        code_module: workflow
        function: Measure
        arguments:
          text: <<self.text>>
        return_type: row-wise
        n_threads: 4
        """;
}
