using System.Diagnostics;
using System.Text;

namespace Strata.Tests.Durability;

/// <summary>
/// One running test host: its stdout lines are collected as they arrive (the host flushes each), so a
/// test can wait for a line, kill the process at any instant, and still see every line written before.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly Lock _gate = new();
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process, string description)
    {
        _process = process;
        Description = description;
        _stdoutPump = PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
    }

    public string Description { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static HostProcess Start(params string[] args) => Launch(null, args);

    /// <summary>Starts a host that, after printing <c>ready</c>, waits for <paramref name="startFile"/> to exist.</summary>
    public static HostProcess StartGated(string startFile, params string[] args) => Launch(startFile, args);

    /// <summary>Starts a host with extra environment variables (e.g. the backfill mode's stall and call delay).</summary>
    public static HostProcess StartWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(null, args, environment);

    private static HostProcess Launch(string? startFile, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(TestHostPaths.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(TestHostPaths.Host);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (startFile is not null) psi.Environment[Strata.TestHost.HostEnvironment.StartFileVariable] = startFile;
        if (environment is not null)
            foreach (var (name, value) in environment) psi.Environment[name] = value;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the test host");
        return new HostProcess(process, string.Join(' ', args.Take(1).Concat(args.Skip(2))));
    }

    /// <summary>Every complete stdout line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return _lines.ToList(); }
    }

    public string StandardError
    {
        get { lock (_gate) return _stderr.ToString(); }
    }

    /// <summary>Waits for a stdout line matching <paramref name="predicate"/>; fails if the host exits first or the time runs out.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout) => WaitForLinesAsync(predicate, 1, timeout);

    /// <summary>Waits until <paramref name="count"/> stdout lines match; returns the last of them.</summary>
    public async Task<string> WaitForLinesAsync(Func<string, bool> predicate, int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var hits = _lines.Where(predicate).Take(count).ToList();
                if (hits.Count == count) return hits[^1];
                arrived = _lineArrived.Task;
            }
            if (_stdoutPump.IsCompleted)
                throw new InvalidOperationException($"host '{Description}' ended its output without the awaited line; {Report()}");
            try
            {
                await Task.WhenAny(arrived, _stdoutPump).WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"host '{Description}' did not print the awaited line within {timeout}; {Report()}");
            }
        }
    }

    /// <summary>SIGKILL on Linux: no finally block, no flush, no cleanup runs in the host.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    /// <summary>Waits for the process to end and for its output to be read to the end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"host '{Description}' did not exit within {timeout}; {Report()}");
        }
        return _process.ExitCode;
    }

    public string Report() =>
        $"exited={_process.HasExited}{(_process.HasExited ? $" code={_process.ExitCode}" : "")}; stdout tail: [{string.Join(" | ", Lines.TakeLast(5))}]; stderr: {StandardError}";

    private async Task PumpStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            TaskCompletionSource signal;
            lock (_gate)
            {
                _lines.Add(line);
                signal = _lineArrived;
                _lineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            signal.TrySetResult();
        }
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        int n;
        while ((n = await _process.StandardError.ReadAsync(buffer)) > 0)
            lock (_gate) _stderr.Append(buffer, 0, n);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)); }
            catch (TimeoutException) { }
        }
        _process.Dispose();
    }
}
