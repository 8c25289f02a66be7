using System.ComponentModel;
using System.Diagnostics;

namespace FileSearch.Imaging.Internals;

/// <summary>Runs an external renderer (pdftoppm, ImageMagick) with a time limit; killed with its children when it runs over.</summary>
internal static class ExternalRenderer
{
    private const int MaxErrorChars = 300;

    /// <summary>
    /// Runs <paramref name="executable"/>; returns its exit code and standard error as one bounded line. Null exit code
    /// when the time limit passed (the process tree is killed); <see cref="Win32Exception"/> when it cannot be started.
    /// </summary>
    public static async Task<(int? ExitCode, string Errors)> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        process.Start();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            await Task.WhenAll(stderr, stdout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, string.Empty);
        }

        var message = (await stderr.ConfigureAwait(false)).Trim().ReplaceLineEndings("; ");
        return (process.ExitCode, message.Length > MaxErrorChars ? message[..MaxErrorChars] : message);
    }
}
