using System.Diagnostics;
using System.Text;

namespace FileSearch.Bench.Commands.Bench.Micro;

/// <summary>A child process whose output lines are handed on as they come, stopped (with its children) after a time limit.</summary>
internal static class StreamingProcess
{
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>; each line of standard output and error goes
    /// to <paramref name="onLine"/> (one at a time). Returns the exit code, or null when <paramref name="timeout"/> ran out
    /// and the process tree was killed. Cancellation kills the tree too, then throws.
    /// </summary>
    public static async Task<int?> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, Action<string> onLine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} could not be started");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var gate = new Lock();
        var output = Pump(process.StandardOutput);
        var error = Pump(process.StandardError);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            // A grandchild left running (a build server) may hold the pipes open: the last lines get a short grace only.
            await Task.WhenAny(Task.WhenAll(output, error), Task.Delay(OutputGrace, cancellationToken)).ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                lock (gate)
                {
                    onLine(line);
                }
            }
        }
    }
}
