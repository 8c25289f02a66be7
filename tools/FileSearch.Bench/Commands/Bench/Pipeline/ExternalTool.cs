using System.Diagnostics;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>Runs a command-line tool (tesseract, pdftoppm, convert) for the seed-style baseline and returns its standard output.</summary>
internal static class ExternalTool
{
    /// <summary>
    /// Runs <paramref name="executable"/>; a non-zero exit throws with its error output and <paramref name="package"/> to install.
    /// <paramref name="ompThreadLimit"/> null keeps OpenMP's default thread count.
    /// </summary>
    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, string package, CancellationToken cancellationToken,
        string? ompThreadLimit = null)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The worker limits OpenMP to one thread for its own engines; the seed's tesseract ran with its defaults.
        start.Environment.Remove("OMP_THREAD_LIMIT");
        if (ompThreadLimit is not null)
        {
            start.Environment["OMP_THREAD_LIMIT"] = ompThreadLimit;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{executable} could not be started ({e.Message}): apt-get install {package}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"{executable} exited with {process.ExitCode}: {error.Trim()}");
        }
    }
}
