using Strata.Cli;

namespace Strata.Tests.Cli;

/// <summary>Failures: one line on stderr, no stack trace (unless --verbose), exit 1 for Strata errors and 2 for usage errors.</summary>
public sealed class CliErrorTests
{
    private static async Task<CliHarness> LakeWithTableAsync()
    {
        var cli = new CliHarness();
        await cli.OkAsync("init");
        await cli.OkAsync("create", "t", "--schema", "id int64, name string");
        return cli;
    }

    [Fact]
    public async Task Missing_Lake_Is_A_Usage_Error()
    {
        using var cli = new CliHarness();
        (await cli.RunAsync("tables")).AssertError(2, "pass --lake PATH or set STRATA_LAKE");
    }

    [Fact]
    public async Task Lake_Comes_From_STRATA_LAKE_Unless_Lake_Is_Given()
    {
        using var cli = await LakeWithTableAsync();
        cli.Environment["STRATA_LAKE"] = cli.LakePath;
        var viaEnv = await cli.RunAsync("tables", "--format", "csv");
        viaEnv.AssertOk();
        Assert.Equal(["table", "t"], viaEnv.OutLines);

        cli.Environment["STRATA_LAKE"] = Path.Combine(cli.Folder, "nowhere");
        var flagWins = await cli.RunAsync("--lake", cli.LakePath, "tables", "--format", "csv");
        flagWins.AssertOk();
        (await cli.RunAsync("tables")).AssertError(1, "does not exist");
    }

    [Fact]
    public async Task Non_Lake_Folder_Fails_Clearly()
    {
        using var cli = new CliHarness();
        Directory.CreateDirectory(cli.LakePath);
        (await cli.LakeAsync("tables")).AssertError(1, "is not a Strata lake");
    }

    [Fact]
    public async Task Init_Twice_Fails()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        (await cli.LakeAsync("init")).AssertError(1, "already holds a Strata lake");
    }

    [Theory]
    [InlineData(new[] { "show", "nope" }, "table 'nope' does not exist")]
    [InlineData(new[] { "count", "nope" }, "does not exist")]
    [InlineData(new[] { "sql", "SELEC 1" }, "syntax error")]
    [InlineData(new[] { "sql", "SELECT * FROM missing_table" }, "missing_table")]
    [InlineData(new[] { "show", "t", "--where", "id >" }, "syntax error")]
    [InlineData(new[] { "show", "t", "--select", "nope" }, "column 'nope' does not exist")]
    [InlineData(new[] { "show", "t", "--version", "99" }, "version 99")]
    [InlineData(new[] { "create", "u", "--schema", "id int64, v floaty" }, "floaty")]
    [InlineData(new[] { "create", "u", "--schema", "id" }, "needs a name and a type")]
    [InlineData(new[] { "create", "../x", "--schema", "id int64" }, null)]
    [InlineData(new[] { "create", "a/b", "--schema", "id int64" }, null)]
    [InlineData(new[] { "append", "t", "--from", "/definitely/not/here.csv" }, "does not exist")]
    [InlineData(new[] { "append", "t", "--from", "data.txt" }, null)]
    [InlineData(new[] { "delete", "t", "--where", "nope = 1" }, null)]
    [InlineData(new[] { "restore", "t", "42" }, "42")]
    [InlineData(new[] { "rename", "t", "../../etc" }, null)]
    [InlineData(new[] { "drop", "nope" }, "does not exist")]
    [InlineData(new[] { "namespace", "drop", "nope" }, "does not exist")]
    [InlineData(new[] { "add-column", "t", "id", "--sql", "1" }, null)]
    public async Task Strata_Errors_Exit_1_With_One_Line(string[] args, string? contains)
    {
        using var cli = await LakeWithTableAsync();
        (await cli.LakeAsync(args)).AssertError(1, contains);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "show" }, "strata show --help")]
    [InlineData(new[] { "show", "t", "--limit", "many" }, "--limit expects a whole number")]
    [InlineData(new[] { "show", "t", "--format", "xml" }, "xml")]
    [InlineData(new[] { "create", "u", "--from", "x.csv", "--has-side-effects" }, "are for vault tables")]
    [InlineData(new[] { "delete", "t" }, "--where")]
    [InlineData(new[] { "cleanup", "t" }, "--keep")]
    [InlineData(new[] { "cleanup", "t", "--keep", "1", "--older-than", "soon" }, "not a duration")]
    [InlineData(new[] { "update", "t", "--set", "no_equals_sign" }, "column=EXPR")]
    [InlineData(new[] { "add-column", "t", "c" }, "--sql")]
    [InlineData(new[] { "merge", "t", "--from", "x.csv" }, "--on")]
    [InlineData(new[] { "sql", "SELECT 1", "--at", "t" }, "TABLE=VERSION")]
    [InlineData(new[] { "append", "t", "--from", "x.csv", "--fill-value", "1" }, "--on-bad-vectors fill")]
    public async Task Usage_Errors_Exit_2_With_One_Line(string[] args, string contains)
    {
        using var cli = await LakeWithTableAsync();
        (await cli.LakeAsync(args)).AssertError(2, contains);
    }

    [Fact]
    public async Task Verbose_Adds_The_Stack_Trace()
    {
        using var cli = await LakeWithTableAsync();
        var result = await cli.LakeAsync("--verbose", "show", "t", "--where", "id >");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
        Assert.Contains(nameof(StrataQueryException), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_Run_Exits_130()
    {
        using var cli = await LakeWithTableAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var code = await StrataCli.RunAsync(["--lake", cli.LakePath, "count", "t"], stdout, stderr, cancelled.Token);
        Assert.Equal(130, code);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_And_Version_Exit_0()
    {
        using var cli = new CliHarness();
        var help = await cli.RunAsync("--help");
        help.AssertOk();
        Assert.Contains("strata", help.Out, StringComparison.Ordinal);
        Assert.Contains("demo", help.Out, StringComparison.Ordinal);
        var version = await cli.RunAsync("--version");
        version.AssertOk();
        Assert.StartsWith("0.", Assert.Single(version.OutLines), StringComparison.Ordinal);
    }
}
