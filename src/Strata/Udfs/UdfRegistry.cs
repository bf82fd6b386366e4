using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Strata.Data;
using Strata.Format;

namespace Strata.Udfs;

/// <summary>
/// The UDFs a lake can run. <see cref="Register"/> makes a UDF object known to this process (columns
/// added with it find it by name); <see cref="RegisterAssemblyAsync"/> stores compiled code in the lake
/// (content-addressed) so any process can load it. <see cref="ResolveAsync"/> looks in this process
/// first, then in the lake.
/// </summary>
public sealed class UdfRegistry
{
    private readonly Lake _lake;
    private readonly ConcurrentDictionary<string, Udf> _inProcess = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, Assembly> LoadedByHash = new(StringComparer.Ordinal);

    internal UdfRegistry(Lake lake) => _lake = lake;

    /// <summary>Makes <paramref name="udf"/> known to this process under its name (replacing an earlier one).</summary>
    public void Register(Udf udf)
    {
        ArgumentNullException.ThrowIfNull(udf);
        _inProcess[udf.Name] = udf;
    }

    /// <summary>
    /// Stores an assembly in the lake and registers the UDF it holds: a public static method
    /// (<paramref name="methodName"/> given) or a stateful class (<paramref name="methodName"/> null).
    /// </summary>
    /// <returns>The registered UDF.</returns>
    public async Task<Udf> RegisterAssemblyAsync(string name, byte[] assembly, string typeName, string? methodName, string? source = null,
        UdfOptions? options = null, CancellationToken cancellationToken = default)
    {
        Names.ValidateTable(name, "UDF");
        ArgumentNullException.ThrowIfNull(assembly);
        var hash = Convert.ToHexStringLower(SHA256.HashData(assembly));
        var asm = Load(hash, assembly);
        var udf = Build(name, asm, typeName, methodName, options);
        var asmPath = $"{FormatConstants.UdfsFolder}/assemblies/{hash}.dll";
        if (!await _lake.Storage.ExistsAsync(asmPath, cancellationToken).ConfigureAwait(false))
            await _lake.Storage.WriteAsync(asmPath, assembly, cancellationToken).ConfigureAwait(false);
        string? sourcePath = null;
        if (source is not null)
        {
            sourcePath = $"{FormatConstants.UdfsFolder}/sources/{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))}.cs";
            await _lake.Storage.WriteAsync(sourcePath, System.Text.Encoding.UTF8.GetBytes(source), cancellationToken).ConfigureAwait(false);
        }
        var record = new UdfRecord
        {
            Name = name,
            Kind = methodName is null ? "stateful" : "scalar",
            TypeName = typeName,
            MethodName = methodName,
            AssemblyPath = asmPath,
            SourcePath = sourcePath,
            Version = udf.Version,
            Inputs = udf.Inputs,
            Outputs = options?.Outputs,
            OutputTypes = options?.OutputTypes?.Select(t => t.ToString()).ToList(),
            OutputType = options?.OutputType?.ToString(),
            BatchSize = udf.Options.BatchSize,
            CheckpointSize = udf.Options.CheckpointSize,
            RowTimeoutMs = udf.Options.RowTimeout?.TotalMilliseconds,
            DeclaredVersion = options?.Version,
            ErrorMode = udf.Options.ErrorPolicy.Mode.ToString(),
            MaxAttempts = udf.Options.ErrorPolicy.MaxAttempts,
            Backoff = udf.Options.ErrorPolicy.Backoff.ToString(),
            RetryDelayMs = udf.Options.ErrorPolicy.Delay.TotalMilliseconds,
            Jitter = udf.Options.ErrorPolicy.Jitter,
            RetryOn = udf.Options.ErrorPolicy.RetryOn.Select(t => t.FullName ?? t.Name).ToList(),
            Cpus = udf.Options.Resources.Cpus,
            MemoryMb = udf.Options.Resources.MemoryMb,
            Gpus = udf.Options.Resources.Gpus,
            RegisteredAt = DateTimeOffset.UtcNow,
            Author = _lake.Author,
        };
        await _lake.Storage.WriteAsync(RecordPath(name), FormatJson.Serialize(record), cancellationToken).ConfigureAwait(false);
        _inProcess[name] = udf;
        return udf;
    }

    /// <summary>UDFs registered in the lake (name → version), plus those registered in this process.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var e in _lake.Storage.ListAsync(FormatConstants.UdfsFolder, cancellationToken).ConfigureAwait(false))
        {
            if (e.Path.Count(c => c == '/') != 1 || !e.Path.EndsWith(".json", StringComparison.Ordinal)) continue;
            var r = FormatJson.ReadUdf(await _lake.Storage.ReadAllBytesAsync(e.Path, cancellationToken).ConfigureAwait(false), e.Path);
            result[r.Name] = r.Version;
        }
        foreach (var (name, udf) in _inProcess) result.TryAdd(name, udf.Version);
        return result;
    }

    /// <summary>The UDF of that name: registered in this process, else loaded from the lake.</summary>
    /// <exception cref="StrataNotFoundException">No UDF of that name is registered anywhere.</exception>
    public async Task<Udf> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_inProcess.TryGetValue(name, out var udf)) return udf;
        byte[] bytes;
        try
        {
            bytes = await _lake.Storage.ReadAllBytesAsync(RecordPath(name), cancellationToken).ConfigureAwait(false);
        }
        catch (StrataNotFoundException)
        {
            throw new StrataNotFoundException(
                $"UDF '{name}' is not registered in this process or in the lake; register it (lake.Udfs.Register, or 'strata udf register {name} --from FILE') and retry.");
        }
        var record = FormatJson.ReadUdf(bytes, RecordPath(name));
        var assembly = await _lake.Storage.ReadAllBytesAsync(record.AssemblyPath, cancellationToken).ConfigureAwait(false);
        var hash = Convert.ToHexStringLower(SHA256.HashData(assembly));
        var asm = Load(hash, assembly);
        var options = new UdfOptions
        {
            Version = record.DeclaredVersion,
            ErrorPolicy = new ErrorPolicy
            {
                Mode = Enum.TryParse<ErrorMode>(record.ErrorMode, out var mode) ? mode : ErrorMode.FailFast,
                MaxAttempts = Math.Max(1, record.MaxAttempts),
                Backoff = Enum.TryParse<BackoffKind>(record.Backoff, out var backoff) ? backoff : BackoffKind.Exponential,
                Delay = TimeSpan.FromMilliseconds(record.RetryDelayMs),
                Jitter = record.Jitter,
                RetryOn = record.RetryOn.Select(n => ResolveType(asm, n)).ToList(),
            },
            Resources = new UdfResources(record.Cpus, record.MemoryMb, record.Gpus),
            Inputs = record.Inputs.Count > 0 ? record.Inputs : null,
            Outputs = record.Outputs,
            OutputTypes = record.OutputTypes?.Select(DataType.Parse).ToList(),
            OutputType = record.OutputType is null ? null : DataType.Parse(record.OutputType),
            BatchSize = record.BatchSize,
            CheckpointSize = record.CheckpointSize,
            RowTimeout = record.RowTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        udf = Build(name, asm, record.TypeName, record.MethodName, options);
        _inProcess.TryAdd(name, udf);
        return udf;
    }

    /// <summary>True when a UDF of that name is known to this process.</summary>
    internal bool TryGetInProcess(string name, out Udf udf) => _inProcess.TryGetValue(name, out udf!);

    private static Udf Build(string name, Assembly asm, string typeName, string? methodName, UdfOptions? options)
    {
        var type = asm.GetType(typeName)
            ?? throw new StrataNotFoundException($"type '{typeName}' is not in the UDF assembly; types: {string.Join(", ", asm.GetExportedTypes().Select(t => t.FullName))}.");
        if (methodName is null) return Udf.Stateful(type, name, options);
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == methodName).ToList();
        if (methods.Count != 1)
            throw new StrataNotFoundException($"'{typeName}.{methodName}' must name exactly one public static method (found {methods.Count}).");
        return Udf.FromMethod(methods[0], name, options);
    }

    private static Type ResolveType(Assembly udfAssembly, string fullName) =>
        udfAssembly.GetType(fullName) ?? Type.GetType(fullName)
        ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null)
        ?? throw new StrataNotFoundException($"exception type '{fullName}' named by the UDF's retry policy cannot be found.");

    /// <summary>Resolves an exception type name given on the command line or in a record.</summary>
    public static Type ResolveExceptionType(string fullName)
    {
        var t = Type.GetType(fullName) ?? Type.GetType("System." + fullName)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(x => x is not null);
        if (t is null || !typeof(Exception).IsAssignableFrom(t))
            throw new StrataInvalidInputException($"'{fullName}' is not a known exception type; give a full name such as System.TimeoutException.");
        return t;
    }

    private static Assembly Load(string hash, byte[] bytes) =>
        LoadedByHash.GetOrAdd(hash, _ =>
        {
            try
            {
                var context = new AssemblyLoadContext($"strata-udf-{hash[..12]}", isCollectible: false);
                using var stream = new MemoryStream(bytes);
                return context.LoadFromStream(stream);
            }
            catch (BadImageFormatException e)
            {
                throw new StrataInvalidInputException("the UDF assembly is not a valid .NET assembly.", e);
            }
        });

    private static string RecordPath(string name) => $"{FormatConstants.UdfsFolder}/{name}.json";
}
