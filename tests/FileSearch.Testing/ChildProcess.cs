using System.Diagnostics;

namespace FileSearch.Testing;

/// <summary>Runs a child process to its end within a bounded time, with its standard output and error.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="info"/> (its output redirected), waits at most <paramref name="timeout"/> and returns the
    /// exit code with stdout followed by stderr; kills the process tree and throws <see cref="TimeoutException"/> after it.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
