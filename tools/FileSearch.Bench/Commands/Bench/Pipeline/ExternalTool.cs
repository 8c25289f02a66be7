using System.Diagnostics;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>Runs a command-line tool (tesseract, pdftoppm, convert) for the seed-style baseline and returns its standard output.</summary>
internal static class ExternalTool
{
    /// <summary>
    /// Runs <paramref name="executable"/>; a non-zero exit throws with its error output and <paramref name="package"/> to install.
    /// <paramref name="ompThreadLimit"/> null keeps OpenMP's default thread count. With <paramref name="memory"/>, the tool
    /// runs under <c>/usr/bin/time</c> (when present), which writes its max RSS to a file for <paramref name="memory"/>.
    /// </summary>
    public static async Task<string> RunAsync(string executable, IEnumerable<string> arguments, string package, CancellationToken cancellationToken,
        string? ompThreadLimit = null, ChildMemory? memory = null)
    {
        var timed = memory?.Wrap();
        var start = new ProcessStartInfo(timed?.Program ?? executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in timed is null ? arguments : [.. timed.Arguments, executable, .. arguments])
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
            if (timed is not null)
            {
                memory!.Record(timed);
            }

            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"{executable} exited with {process.ExitCode}: {error.Trim()}");
        }
    }
}
