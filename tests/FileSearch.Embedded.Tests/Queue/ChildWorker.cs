using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>A worker process (tests/FileSearch.Embedded.ChildProcess) receiving from a queue in the same data directory.</summary>
internal sealed class ChildWorker : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private ChildWorker(Process process) => _process = process;

    public static async Task<ChildWorker> StartAsync(string dataDirectory, int maxMessages, TimeSpan visibility, bool hold)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocateDll());
        start.ArgumentList.Add(dataDirectory);
        start.ArgumentList.Add(maxMessages.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(((int)visibility.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(hold ? "hold" : "exit");
        var worker = new ChildWorker(Process.Start(start) ?? throw new InvalidOperationException("child process did not start"));
        var ready = await worker.ReadLineAsync();
        Assert.Equal("READY", ready);
        return worker;
    }

    /// <summary>Lets the child start receiving.</summary>
    public async Task GoAsync()
    {
        await _process.StandardInput.WriteLineAsync("GO");
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Reads "MSG id count" lines until "DONE n"; returns the message ids.</summary>
    public async Task<List<string>> ReadReceivedAsync()
    {
        var ids = new List<string>();
        while (await ReadLineAsync() is { } line)
        {
            if (line.StartsWith("DONE", StringComparison.Ordinal))
            {
                return ids;
            }

            ids.Add(line.Split(' ')[1]);
        }

        await WaitForExitAsync();
        throw new InvalidOperationException($"child process ended with exit code {_process.ExitCode} before reporting DONE");
    }

    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(LineTimeout);
    }

    /// <summary>Waits for a child that exits by itself; it must end cleanly.</summary>
    public async Task WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(LineTimeout);
        Assert.Equal(0, _process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(LineTimeout);
        return await _process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    private static string LocateDll()
    {
        var directory = typeof(ChildWorker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ChildProcessDirectory").Value!;
        var dll = Path.GetFullPath(Path.Combine(directory, "FileSearch.Embedded.ChildProcess.dll"));
        Assert.True(File.Exists(dll), $"child process not built at {dll}");
        return dll;
    }
}
