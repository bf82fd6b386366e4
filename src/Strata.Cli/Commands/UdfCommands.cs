using System.CommandLine;
using Strata.Cli.Parsing;
using Strata.Data;
using Strata.Udfs;

namespace Strata.Cli.Commands;

/// <summary>User-defined functions: <c>udf register</c> and <c>udfs</c>.</summary>
internal static class UdfCommands
{
    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        var udf = new Command("udf", "Manage user-defined functions (C# code that computes columns).");
        udf.Add(Register(runner));
        root.Add(udf);
        root.Add(List(runner));
    }

    private static Command Register(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The UDF's name: how add-column --udf finds it." };
        var from = CommonOptions.From(
            "A C# file (compiled here) or a .NET assembly (.dll): its only public static method, or its only public class implementing Strata.Udfs.IStatefulUdf, is the UDF unless --method says otherwise.",
            required: true);
        var method = new Option<string?>("--method")
        {
            Description = "The UDF in the file: Type.Method for a public static method, Type for a stateful class.",
            HelpName = "TYPE.METHOD",
        };
        var inputs = new Option<string?>("--inputs")
        {
            Description = "Input columns in parameter order, comma-separated (default: the parameter names).",
            HelpName = "A,B",
        };
        var outputType = new Option<string?>("--output-type")
        {
            Description = "The output column's type, e.g. \"float[8]\" (default: inferred from the return type); with --outputs, one type per output, comma-separated.",
            HelpName = "TYPE",
        };
        var outputs = new Option<string?>("--outputs")
        {
            Description = "For a function returning a tuple or record: one column per element, comma-separated (default: one struct column).",
            HelpName = "A,B",
        };
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = "Rows handed to a batch call at a time (default 1024).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--batch-size"),
        };
        var checkpointSize = new Option<int?>("--checkpoint-size")
        {
            Description = "Rows per backfill checkpoint: the most work a crash can lose per task (default 8192).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--checkpoint-size"),
        };
        var rowTimeout = new Option<string?>("--row-timeout")
        {
            Description = "The longest one row may take, e.g. 2s, 0.5s or 1m; slower rows fail (default: no limit).",
            HelpName = "DURATION",
        };
        var onError = new Option<string?>("--on-error")
        {
            Description = "After retries: 'fail' the backfill (default) or 'skip' the row (null + recorded error).",
            HelpName = "fail|skip",
        };
        var retries = new Option<int?>("--retries")
        {
            Description = "Retries per failing row (default 0).",
            HelpName = "N",
            CustomParser = Numbers.Optional<int>("--retries"),
        };
        var backoff = new Option<string?>("--backoff") { Description = "Retry backoff: exponential (default), fixed or linear.", HelpName = "KIND" };
        var retryDelay = new Option<string?>("--retry-delay") { Description = "Base delay between retries, e.g. 100ms or 1s (default 100ms).", HelpName = "DURATION" };
        var retryOn = new Option<string?>("--retry-on") { Description = "Exception types to retry, comma-separated (default: all), e.g. System.TimeoutException.", HelpName = "TYPES" };
        var version = new Option<string?>("--udf-version") { Description = "Declare the UDF's version instead of hashing its code.", HelpName = "VERSION" };
        var command = new Command("register", "Compile a C# file (or read an assembly) and store its UDF in the lake under NAME (a new version if NAME exists).")
        {
            name, from, method, inputs, outputType, outputs, batchSize, checkpointSize, rowTimeout, onError, retries, backoff, retryDelay, retryOn, version,
        };
        runner.Bind(command, async ctx =>
        {
            var options = new UdfOptions();
            if (ctx.Get(inputs) is { } inputText) options = options with { Inputs = TextLists.SplitTopLevel(inputText, "--inputs") };
            var outputNames = ctx.Get(outputs) is { } outputText ? TextLists.SplitTopLevel(outputText, "--outputs") : null;
            if (outputNames is not null) options = options with { Outputs = outputNames };
            if (ctx.Get(outputType) is { } typeText)
            {
                if (outputNames is null)
                {
                    options = options with { OutputType = DataType.Parse(typeText) };
                }
                else
                {
                    var types = TextLists.SplitTopLevel(typeText, "--output-type");
                    if (types.Count != outputNames.Count)
                        throw new CliUsageException($"--output-type gives {types.Count} type(s) for {outputNames.Count} --outputs; give one type per output, comma-separated.");
                    options = options with { OutputTypes = types.Select(DataType.Parse).ToList() };
                }
            }
            if (ctx.Get(batchSize) is { } batch) options = options with { BatchSize = AtLeastOne(batch, "--batch-size") };
            if (ctx.Get(checkpointSize) is { } checkpoint) options = options with { CheckpointSize = AtLeastOne(checkpoint, "--checkpoint-size") };
            if (ctx.Get(rowTimeout) is { } timeoutText)
            {
                var timeout = Durations.Parse(timeoutText, "--row-timeout");
                if (timeout <= TimeSpan.Zero) throw new CliUsageException("--row-timeout must be longer than zero.");
                options = options with { RowTimeout = timeout };
            }

            var policy = new ErrorPolicy();
            if (ctx.Get(onError) is { } mode)
                policy = policy with
                {
                    Mode = mode.ToLowerInvariant() switch
                    {
                        "fail" => ErrorMode.FailFast,
                        "skip" => ErrorMode.Skip,
                        _ => throw new CliUsageException($"--on-error must be 'fail' or 'skip', not '{mode}'."),
                    },
                };
            if (ctx.Get(retries) is { } r)
                policy = policy with { MaxAttempts = r < 0 ? throw new CliUsageException("--retries must not be negative.") : r + 1 };
            if (ctx.Get(backoff) is { } b)
                policy = policy with
                {
                    Backoff = Enum.TryParse<BackoffKind>(b, ignoreCase: true, out var kind) && b.ToLowerInvariant() is "exponential" or "fixed" or "linear"
                        ? kind
                        : throw new CliUsageException($"--backoff must be exponential, fixed or linear, not '{b}'."),
                };
            if (ctx.Get(retryDelay) is { } d) policy = policy with { Delay = Durations.Parse(d, "--retry-delay") };
            if (ctx.Get(retryOn) is { } retryTypes)
                policy = policy with { RetryOn = TextLists.SplitTopLevel(retryTypes, "--retry-on").Select(UdfRegistry.ResolveExceptionType).ToList() };
            options = options with { ErrorPolicy = policy, Version = ctx.Get(version) };

            var udfName = ctx.Get(name);
            Names.ValidateTable(udfName, "UDF");
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var found = await UdfSource.ReadAsync(ctx.Get(from)!, ctx.Get(method), ctx.Console, ctx.Verbose, ctx.CancellationToken).ConfigureAwait(false);
            var before = await lake.Udfs.ListAsync(ctx.CancellationToken).ConfigureAwait(false);
            var udf = await lake.Udfs.RegisterAssemblyAsync(udfName, found.Assembly, found.TypeName, found.MethodName, found.Source, options,
                ctx.CancellationToken).ConfigureAwait(false);
            var verb = before.TryGetValue(udf.Name, out var old)
                ? old == udf.Version ? "re-registered (unchanged)" : $"updated (was version {old})"
                : "registered";
            ctx.Say($"{verb} UDF '{udf.Name}': {Describe(udf, found.Display)}");
        });
        return command;
    }

    /// <summary>"scalar Words.WordCount(text) → word_count int32, version 0123456789abcdef".</summary>
    internal static string Describe(Udf udf, string? entryPoint = null)
    {
        var code = entryPoint ?? (udf.Location.MethodName is { } m ? $"{udf.Location.TypeName}.{m}" : udf.Location.TypeName);
        var outputs = string.Join(", ", udf.Outputs.Select(o => $"{o.Name} {o.Type}"));
        return $"{udf.Kind.ToString().ToLowerInvariant()} {code}({string.Join(", ", udf.Inputs)}) → {outputs}, version {udf.Version}";
    }

    private static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new CliUsageException($"{option} must be at least 1.");

    private static Command List(CommandRunner runner)
    {
        var command = new Command("udfs", "List the UDFs registered in the lake: name and version.");
        runner.AddFormat(command);
        runner.Bind(command, async ctx =>
        {
            var lake = await ctx.OpenLakeAsync().ConfigureAwait(false);
            var udfs = await lake.Udfs.ListAsync(ctx.CancellationToken).ConfigureAwait(false);
            var writer = ctx.Rows();
            writer.Begin(["name", "version"]);
            foreach (var (udfName, version) in udfs) writer.WriteRow([udfName, version]);
            writer.End();
        });
        return command;
    }
}
