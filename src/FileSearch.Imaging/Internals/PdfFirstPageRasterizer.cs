using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Core.Errors;

namespace FileSearch.Imaging.Internals;

/// <summary>
/// Rasterizes the first page of a PDF to a PNG with poppler's <c>pdftoppm</c> (the bundled libvips has no PDF
/// loader). The PNG goes to a private folder next to the input (the message's work folder) and is the caller's to delete.
/// </summary>
internal sealed class PdfFirstPageRasterizer(string executable, TimeSpan timeout)
{
    private const int MaxErrorChars = 300;

    /// <summary>Renders page 1 with its long side at <paramref name="longSide"/> pixels; returns the PNG's path.</summary>
    public async Task<string> RasterizeAsync(string pdfPath, string outputFolder, int longSide, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(outputFolder, "page");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-f", "1", "-l", "1", "-singlefile", "-png", "-scale-to", longSide.ToString(CultureInfo.InvariantCulture), "--", pdfPath, prefix })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw ProcessingException.Retryable("pdf-renderer-missing", $"PDF renderer '{executable}' could not be started ({e.Message}); install poppler-utils");
        }

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
            throw ProcessingException.Permanent("pdf-render-timeout", $"The first PDF page did not render within {timeout.TotalSeconds:0} s");
        }

        var output = prefix + ".png";
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            var message = (await stderr.ConfigureAwait(false)).Trim().ReplaceLineEndings("; ");
            throw ProcessingException.Permanent(
                message.Contains("password", StringComparison.OrdinalIgnoreCase) ? "pdf-encrypted" : "pdf-render-failed",
                $"The first PDF page could not be rendered (pdftoppm exit {process.ExitCode}): {(message.Length > MaxErrorChars ? message[..MaxErrorChars] : message)}");
        }

        return output;
    }
}
