using System.CommandLine;
using Strata.Cli.Parsing;

namespace Strata.Cli.Commands;

/// <summary><c>--on-bad-vectors error|drop|fill</c> and <c>--fill-value F</c> of the commands that write data.</summary>
internal sealed class WriteOptionsBinder
{
    private readonly Option<string> _onBadVectors = new("--on-bad-vectors")
    {
        Description = "Vectors of the wrong length or with NaN: error (fail), drop (leave the row out) or fill (use --fill-value).",
        DefaultValueFactory = _ => "error",
    };

    private readonly Option<float?> _fillValue = new("--fill-value")
    {
        Description = "The value that fills bad vectors with --on-bad-vectors fill (default 0).",
        HelpName = "F",
        CustomParser = Numbers.Optional<float>("--fill-value"),
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public WriteOptionsBinder(Command command)
    {
        _onBadVectors.AcceptOnlyFromAmong("error", "drop", "fill");
        command.Add(_onBadVectors);
        command.Add(_fillValue);
    }

    /// <summary>The write options given on the command line.</summary>
    public WriteOptions Read(CommandContext context)
    {
        var policy = context.Get(_onBadVectors) switch
        {
            "drop" => BadVectorPolicy.Drop,
            "fill" => BadVectorPolicy.Fill,
            _ => BadVectorPolicy.Error,
        };
        var fill = context.Get(_fillValue);
        if (fill is not null && policy != BadVectorPolicy.Fill)
            throw new CliUsageException("--fill-value only applies with --on-bad-vectors fill.");
        return new WriteOptions { OnBadVectors = policy, FillValue = fill ?? 0f };
    }
}
