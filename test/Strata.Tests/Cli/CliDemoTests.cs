using System.Diagnostics;

namespace Strata.Tests.Cli;

/// <summary><c>strata demo</c> end to end.</summary>
public sealed class CliDemoTests
{
    [Fact]
    public async Task Demo_Runs_Every_Step_Quickly_And_Leaves_A_Usable_Lake()
    {
        using var cli = new CliHarness();
        var clock = Stopwatch.StartNew();
        var demo = await cli.LakeAsync("demo");
        clock.Stop();
        demo.AssertOk();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the demo took {clock.Elapsed}");
        foreach (var heading in new[] { "Create a lake", "Append", "Count with a filter", "Add a SQL column", "Update", "Delete", "Merge-insert",
                     "Versions", "Time travel", "SQL across two tables", "Tag", "Compact", "Clean up" })
            Assert.Contains(heading, demo.Out, StringComparison.Ordinal);
        Assert.Contains("done in", demo.Out, StringComparison.Ordinal);

        // The lake it leaves behind works with the other commands.
        Assert.Equal(["table", "categories", "docs"], (await cli.OkAsync("tables", "--format", "csv")).OutLines);
        Assert.Equal(["243"], (await cli.OkAsync("count", "docs")).OutLines);
        var tags = (await cli.OkAsync("tags", "docs", "--format", "json")).Json;
        Assert.Equal("reviewed", Assert.Single(tags).GetProperty("tag").GetString());
    }

    [Fact]
    public async Task Demo_Refuses_An_Existing_Lake()
    {
        using var cli = new CliHarness();
        await cli.OkAsync("init");
        (await cli.LakeAsync("demo")).AssertError(1, "already holds a Strata lake");
    }
}
