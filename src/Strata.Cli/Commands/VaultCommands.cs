using System.CommandLine;
using Strata.Cli.Output;
using Strata.Vault.Utilities;

namespace Strata.Cli.Commands;

/// <summary>Vault-wide commands: <c>strata tree</c>, <c>strata artifacts</c>, <c>strata vault compress|decompress|delete</c>, and vault tables for <c>create</c>.</summary>
internal static class VaultCommands
{
    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root, CommandRunner runner)
    {
        root.Add(Tree(runner));
        root.Add(Artifacts(runner));
        var vault = new Command("vault", "Whole-vault files: pack the lake folder into one archive, restore it, or delete it.");
        vault.Add(Compress(runner));
        vault.Add(Decompress(runner));
        vault.Add(Delete(runner));
        runner.Bind(vault, _ => throw new CliUsageException("give a subcommand: compress, decompress or delete (see 'strata vault --help')."));
        root.Add(vault);
    }

    /// <summary><c>strata create TABLE</c> without data or schema: a vault table whose schema comes from its first instance.</summary>
    public static async Task CreateTableAsync(CommandContext ctx, string name, bool allowMultipleArtifacts, bool hasSideEffects, string? description)
    {
        var vault = await ctx.OpenVaultAsync(create: true).ConfigureAwait(false);
        var p = await vault.CreateTableAsync(name, allowMultipleArtifacts, hasSideEffects, description ?? "", null, ctx.CancellationToken).ConfigureAwait(false);
        var flags = new List<string>();
        if (allowMultipleArtifacts) flags.Add("multiple artifact folders");
        if (hasSideEffects) flags.Add("side effects");
        var note = flags.Count == 0 ? "" : $", {string.Join(", ", flags)}";
        ctx.Say($"created vault table '{name}'{note}; its schema comes from its first instance ('strata instance create {name}') {VaultArgs.ProcessNote(p)}");
    }

    /// <summary>The opened vault when the lake is a vault and <paramref name="name"/> is one of its tables; else null (a plain lake table).</summary>
    public static async Task<Strata.Vault.Vault?> VaultTableAsync(CommandContext ctx, string name)
    {
        if (!ctx.LakeIsVault()) return null;
        var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
        return (await vault.GetTablesAsync(ctx.CancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal) ? vault : null;
    }

    private static Command Tree(CommandRunner runner)
    {
        var table = new Option<string?>("--table") { Description = "Only this table.", HelpName = "TABLE" };
        var instance = VaultArgs.Instance("Only this instance (with --table).");
        var noCode = new Option<bool>("--no-code") { Description = "Leave out the code modules." };
        var noBuilders = new Option<bool>("--no-builders") { Description = "Leave out the builder files." };
        var metadata = new Option<bool>("--metadata") { Description = "Show the metadata records too." };
        var artifacts = new Option<bool>("--artifacts") { Description = "Show the artifact folders' files too." };
        var command = new Command("tree", "Print the vault as a tree: code modules, tables, drafts with builder files, instances.")
        {
            table, instance, noCode, noBuilders, metadata, artifacts,
        };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var options = new VaultTreeOptions
            {
                TableName = ctx.Get(table),
                InstanceId = ctx.Get(instance),
                CodeFiles = !ctx.Get(noCode),
                BuilderFiles = !ctx.Get(noBuilders),
                MetadataFiles = ctx.Get(metadata),
                ArtifactFiles = ctx.Get(artifacts),
            };
            var tree = await vault.GetFileTreeAsync(options, ctx.CancellationToken).ConfigureAwait(false);
            SpectreConsoles.Create(ctx.Console.Out, ctx.Console.IsOutputTerminal).Write(tree);
        });
        return command;
    }

    private static Command Artifacts(CommandRunner runner)
    {
        var table = VaultArgs.Table();
        var instance = VaultArgs.Instance("The folder of this instance (default: the draft's folder, where builders write).");
        var version = VaultArgs.NamedVersion();
        var latest = new Option<bool>("--latest") { Description = "The folder of the version's latest instance instead of its draft's." };
        var command = new Command("artifacts", "Print the full path of an artifact folder (of a draft, or of an instance).") { table, instance, version, latest };
        runner.Bind(command, async ctx =>
        {
            var vault = await ctx.OpenVaultAsync().ConfigureAwait(false);
            var id = ctx.Get(instance) ?? "";
            var folder = await vault.GetArtifactFolderAsync(ctx.Get(table), id, ctx.Get(version)!, isTemp: id.Length == 0 && !ctx.Get(latest), ctx.CancellationToken)
                .ConfigureAwait(false);
            ctx.Say(folder);
        });
        return command;
    }

    private static Argument<string?> PathArgument(string description) => new("PATH") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    private static string VaultPath(CommandContext ctx, Argument<string?> path) => ctx.Get(path) is { Length: > 0 } p ? p : ctx.LakePath();

    private static Command Compress(CommandRunner runner)
    {
        var path = PathArgument("The vault (lake) folder (default: --lake).");
        var level = new Option<int>("--level")
        {
            Description = "Compression level 1 (fastest) to 9 (smallest); default 6.",
            HelpName = "N",
            DefaultValueFactory = _ => 6,
            CustomParser = Parsing.Numbers.Required<int>("--level"),
        };
        var command = new Command("compress", "Pack the vault folder into one archive PATH.tar.gz (the folder is only read).") { path, level };
        runner.Bind(command, async ctx =>
        {
            var archive = await StatusSpinner.RunAsync(ctx.Console, "compressing",
                () => VaultFiles.CompressAsync(VaultPath(ctx, path), ctx.Get(level), ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say($"compressed the vault into {archive} ({new FileInfo(archive).Length:N0} bytes)");
        });
        return command;
    }

    private static Command Decompress(CommandRunner runner)
    {
        var path = PathArgument("The vault folder to restore from PATH.tar.gz (default: --lake); nothing may exist there yet.");
        var command = new Command("decompress", "Restore a vault folder from its archive PATH.tar.gz, byte for byte.") { path };
        runner.Bind(command, async ctx =>
        {
            var folder = await StatusSpinner.RunAsync(ctx.Console, "decompressing",
                () => VaultFiles.DecompressAsync(VaultPath(ctx, path), ctx.CancellationToken)).ConfigureAwait(false);
            ctx.Say($"restored the vault at {folder}");
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var path = PathArgument("The vault (lake) folder.");
        path.Arity = ArgumentArity.ExactlyOne;
        var command = new Command("delete", "Delete a vault folder and everything in it (only a folder that holds a lake).") { path };
        runner.Bind(command, async ctx =>
        {
            var folder = Path.GetFullPath(ctx.Get(path)!);
            await VaultFiles.DeleteAsync(folder, ctx.CancellationToken).ConfigureAwait(false);
            ctx.Say($"deleted the vault at {folder}");
        });
        return command;
    }
}
