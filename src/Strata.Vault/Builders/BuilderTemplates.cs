using System.Text;

namespace Strata.Vault.Builders;

/// <summary>The builder files created when none is given: valid YAML with every field to fill in.</summary>
internal static class BuilderTemplates
{
    public static byte[] Index(string table) => Encoding.UTF8.GetBytes($"""
        # Index builder of '{table}': makes the rows. Fill in the fields, then ExecuteInstanceAsync.
        builder_type: IndexBuilder
        changed_columns: [id]        # output columns, matched to the function's outputs by position
        primary_key: [id]            # rows are merged with the origin's by this key
        keep_old: false              # keep origin rows whose key is absent from the new output
        code_module: builtin_rows    # a stored module (CreateCodeModuleAsync) or builtin_rows/builtin_files/builtin_random
        function: rows
        arguments:
          values: [1, 2, 3]
        return_type: dataframe       # dataframe | generator
        dtypes:
          id: Int64

        """);

    public static byte[] Column(string builder) => Encoding.UTF8.GetBytes($"""
        # Column builder '{builder}': computes columns for the rows. Fill in the fields, then ExecuteInstanceAsync.
        builder_type: ColumnBuilder
        changed_columns: [{builder}_value]
        code_module: builtin_random
        function: random_string
        arguments:
          length: 8
        return_type: row-wise        # dataframe | row-wise | generator
        n_threads: 1

        """);
}
