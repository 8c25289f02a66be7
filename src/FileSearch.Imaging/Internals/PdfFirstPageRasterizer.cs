using System.ComponentModel;
using System.Globalization;
using FileSearch.Core.Errors;

namespace FileSearch.Imaging.Internals;

/// <summary>
/// Rasterizes the first page of a PDF to an LZW TIFF with poppler's <c>pdftoppm</c> (the bundled libvips has no PDF
/// loader; pdftoppm's PNG writer is 10-15 times slower on scans). The image goes to a private folder next to the input (the message's work folder) and is the caller's to delete.
/// </summary>
internal sealed class PdfFirstPageRasterizer(string executable, TimeSpan timeout)
{
    /// <summary>Renders page 1 with its long side at <paramref name="longSide"/> pixels; returns the image's path.</summary>
    public async Task<string> RasterizeAsync(string pdfPath, string outputFolder, int longSide, CancellationToken cancellationToken)
    {
        var prefix = Path.Combine(outputFolder, "page");
        string[] arguments = ["-f", "1", "-l", "1", "-singlefile", "-tiff", "-tiffcompression", "lzw", "-scale-to", longSide.ToString(CultureInfo.InvariantCulture), "--", pdfPath, prefix];
        (int? ExitCode, string Errors) result;
        try
        {
            result = await ExternalRenderer.RunAsync(executable, arguments, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw ProcessingException.Retryable("pdf-renderer-missing", $"PDF renderer '{executable}' could not be started ({e.Message}); install poppler-utils");
        }

        if (result.ExitCode is null)
        {
            throw ProcessingException.Permanent("pdf-render-timeout", $"The first PDF page did not render within {timeout.TotalSeconds:0} s");
        }

        var output = prefix + ".tif";
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw ProcessingException.Permanent(
                result.Errors.Contains("password", StringComparison.OrdinalIgnoreCase) ? "pdf-encrypted" : "pdf-render-failed",
                $"The first PDF page could not be rendered (pdftoppm exit {result.ExitCode}): {result.Errors}");
        }

        return output;
    }
}
