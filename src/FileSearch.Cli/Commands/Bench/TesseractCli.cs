using System.Diagnostics;

namespace FileSearch.Cli.Commands.Bench;

/// <summary>Runs the <c>tesseract</c> command (Debian <c>tesseract-ocr</c>) for the OCR benchmark's comparison runs.</summary>
internal static class TesseractCli
{
    /// <summary>Runs tesseract with <paramref name="arguments"/>; <paramref name="ompThreadLimit"/> null keeps OpenMP's default.</summary>
    public static async Task RunAsync(IReadOnlyList<string> arguments, string? ompThreadLimit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The worker sets OMP_THREAD_LIMIT=1 for its own process; the CLI comparison must not inherit it unless asked.
        start.Environment.Remove("OMP_THREAD_LIMIT");
        if (ompThreadLimit is not null)
        {
            start.Environment["OMP_THREAD_LIMIT"] = ompThreadLimit;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("tesseract could not be started");
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

        await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tesseract exited with {process.ExitCode}: {error.Trim()} (apt-get install tesseract-ocr tesseract-ocr-jpn)");
        }
    }
}
