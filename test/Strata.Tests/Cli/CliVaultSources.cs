namespace Strata.Tests.Cli;

/// <summary>The code module and builder files the CLI vault tests store (every call is counted in a file outside the lake).</summary>
internal static class CliVaultSources
{
    public const string Module = """
        public static class Shop
        {
            private static readonly object Gate = new();

            public static void Count(string counter, string what)
            {
                lock (Gate) File.AppendAllText(counter, what + "\n");
            }

            public static RecordBatch Items(long count, string counter)
            {
                Count(counter, "items");
                var ids = new long[count];
                var names = new string[count];
                for (var i = 0; i < count; i++) { ids[i] = i + 1; names[i] = "item-" + (i + 1); }
                return RecordBatch.FromArrays(("a", ids), ("b", names));
            }

            public static long Price(long id, string counter, long factor)
            {
                Count(counter, "price");
                return id * factor;
            }

            // fails while the flag file exists (the test deletes it to let a resume succeed)
            public static long Flaky(long id, string flag)
            {
                if (File.Exists(flag)) throw new InvalidOperationException("flaky builder failed on purpose");
                return id + 1000;
            }
        }
        """;

    public static string Index(string counter, long count = 4) => $"""
        builder_type: IndexBuilder
        changed_columns: [id, name]
        primary_key: [id]
        code_module: shop
        function: Items
        arguments:
          count: {count}
          counter: {counter}
        return_type: dataframe
        """;

    public static string Price(string counter, long factor = 10) => $"""
        builder_type: ColumnBuilder
        changed_columns: [price]
        code_module: shop
        function: Price
        arguments:
          id: <<self.id>>
          counter: {counter}
          factor: {factor}
        return_type: row-wise
        n_threads: 2
        """;

    public static string Flaky(string flag) => $"""
        builder_type: ColumnBuilder
        changed_columns: [flaky]
        code_module: shop
        function: Flaky
        arguments:
          id: <<self.id>>
          flag: {flag}
        return_type: row-wise
        """;
}
