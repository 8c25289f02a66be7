using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Renders PDF pages to 8-bit grayscale LZW TIFFs with poppler's <c>pdftoppm</c>, one process per run of consecutive
/// pages, each run bounded by <see cref="OcrOptions.RasterTimeoutSeconds"/> (killed past it). Pages that a failed
/// or timed-out run did not produce are simply missing from the answer: the caller records them as not OCR'd.
/// Not PNG: pdftoppm's PNG writer took 14 CPU seconds for one noisy A4 scan at 300 dpi, LZW TIFF 0.2 s for a file
/// of the same size (uncompressed 0.12 s at twice the size).
/// </summary>
internal sealed class PdfPageRasterizer(OcrOptions options, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Renders <paramref name="pageNumbers"/> (1-based) into <paramref name="workDirectory"/>; returns page number to image path.</summary>
    public async Task<IReadOnlyDictionary<int, string>> RasterizeAsync(string pdfPath, IReadOnlyList<int> pageNumbers,
        string workDirectory, CancellationToken cancellationToken)
    {
        var images = new Dictionary<int, string>();
        foreach (var (first, last) in Runs(pageNumbers))
        {
            var folder = Directory.CreateDirectory(Path.Combine(workDirectory, $"r{first}")).FullName;
            var failure = await RunAsync(pdfPath, first, last, Path.Combine(folder, "p"), cancellationToken).ConfigureAwait(false);
            foreach (var file in Directory.EnumerateFiles(folder, "p-*.tif"))
            {
                var digits = Path.GetFileNameWithoutExtension(file)[2..];
                if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= first && number <= last)
                {
                    images[number] = file;
                }
            }

            var produced = Enumerable.Range(first, last - first + 1).Count(images.ContainsKey);
            if (failure is not null || produced < last - first + 1)
            {
                Log.RasterizeFailed(logger, pdfPath, first, last, failure ?? $"{produced} of {last - first + 1} pages produced");
            }
        }

        return images;
    }

    /// <summary>Consecutive page numbers grouped into (first, last) runs, so each run is one process.</summary>
    internal static IEnumerable<(int First, int Last)> Runs(IReadOnlyList<int> pageNumbers)
    {
        var sorted = pageNumbers.Distinct().Order().ToList();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            yield return (sorted[i], sorted[j]);
            i = j + 1;
        }
    }

    /// <summary>Runs pdftoppm once; returns null on success or a one-line reason.</summary>
    private async Task<string?> RunAsync(string pdfPath, int first, int last, string prefix, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.PdftoppmPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-r", Invariant(options.RasterDpi), "-gray", "-tiff", "-tiffcompression", "lzw", "-f", Invariant(first), "-l", Invariant(last), pdfPath, prefix])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{options.PdftoppmPath} cannot be started ({ex.Message}); apt-get install poppler-utils or set Ocr:PdftoppmPath";
        }

        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.RasterTimeoutSeconds), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return $"timed out after {options.RasterTimeoutSeconds} s (Ocr:RasterTimeoutSeconds)";
        }

        await stdout.ConfigureAwait(false);
        var error = (await stderr.ConfigureAwait(false)).Trim();
        return process.ExitCode == 0 ? null : $"exit code {process.ExitCode}: {error.Split('\n')[0]}";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
