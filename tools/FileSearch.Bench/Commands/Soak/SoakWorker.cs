using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>
/// The worker under test as a child process (the product's <c>filesearch worker</c>), its output appended to one
/// log file and tallied: retries, circuit openings, throttles and chaos injections, across restarts.
/// </summary>
internal sealed partial class SoakWorker : IDisposable
{
    private readonly string _dataDirectory;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private Process? _process;

    public SoakWorker(string dataDirectory, string logPath)
    {
        _dataDirectory = dataDirectory;
        _log = new StreamWriter(logPath, append: true, Encoding.UTF8);
    }

    /// <summary>
    /// Counts per tally name (<c>retries</c>, <c>circuit-open</c>, <c>throttled</c>, <c>chaos:&lt;kind&gt;</c>, <c>drains</c>:
    /// runs of the PENDING_INDEX drainer) and <c>pending-peak</c>, the most documents PENDING_INDEX at a drain's start.
    /// </summary>
    public ConcurrentDictionary<string, int> Tally { get; } = new(StringComparer.Ordinal);

    public int Starts { get; private set; }

    /// <summary>True when the current process ended without being asked to.</summary>
    public bool HasExited => _process is { HasExited: true };

    public void Start(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };

        // The product's worker: filesearch.dll, which sits next to this program (the tools reference the CLI), run by
        // the dotnet host that runs this program (or the one on PATH).
        var host = Environment.ProcessPath;
        info.FileName = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        info.ArgumentList.Add(typeof(FileSearchCli).Assembly.Location);

        foreach (var arg in new[] { "worker", "--data-dir", _dataDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker process");
        Starts++;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Record($"--- soak: worker start {Starts} (pid {process.Id.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>SIGKILL: no drain, no cleanup, as a crashed host or an OOM kill.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_process is not { } p)
        {
            return;
        }

        Record($"--- soak: SIGKILL pid {p.Id.ToString(CultureInfo.InvariantCulture)}");
        p.Kill();
        await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        p.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM and wait for the graceful drain; SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_process is not { } p)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(grace);
        try
        {
            await p.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        p.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
            }

            p.Dispose();
        }

        lock (_logGate)
        {
            _log.Dispose();
        }
    }

    internal void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            _log.WriteLine(line);
        }

        if (line.Contains("[1500]", StringComparison.Ordinal))
        {
            Count("retries");
        }

        if (line.Contains("[1501]", StringComparison.Ordinal))
        {
            Count("circuit-open");
        }

        if (line.Contains("(throttled)", StringComparison.Ordinal))
        {
            Count("throttled");
        }

        if (ChaosLine().Match(line) is { Success: true } chaos)
        {
            Count("chaos:" + chaos.Groups[1].Value);
        }

        if (DrainLine().Match(line) is { Success: true } drain)
        {
            Count("drains");
            var pending = int.Parse(drain.Groups[1].Value, CultureInfo.InvariantCulture);
            Tally.AddOrUpdate("pending-peak", pending, (_, n) => Math.Max(n, pending));
        }
    }

    private void Count(string name) => Tally.AddOrUpdate(name, 1, (_, n) => n + 1);

    [GeneratedRegex(@"\[1521\] Chaos: injected ([\w-]+) into")]
    private static partial Regex ChaosLine();

    // The drainer starting on documents an index outage left PENDING_INDEX.
    [GeneratedRegex(@"\[1062\] Indexing (\d+) PENDING_INDEX document")]
    private static partial Regex DrainLine();
}
