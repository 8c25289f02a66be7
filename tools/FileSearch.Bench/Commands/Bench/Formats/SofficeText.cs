using System.Diagnostics;
using FileSearch.Core.Domain;

namespace FileSearch.Bench.Commands.Bench.Formats;

/// <summary>
/// What a user scripts to get a file's text without FileSearch: <c>soffice --headless --convert-to</c>, one process per
/// file, with its own profile kept between files (so only the first start builds it). Text documents, web pages, mail
/// and data files go to <c>txt</c> (UTF-8); spreadsheets and CSV/TSV files, which Calc opens and Calc has no text
/// export, to <c>csv</c> (UTF-8; LibreOffice writes the first sheet only); presentations, which have neither, to PDF and then <c>pdftotext</c>.
/// </summary>
internal sealed class SofficeText(string soffice, string pdfToText, string profileDirectory, TimeSpan timeout)
{
    /// <summary>The text LibreOffice gives for <paramref name="path"/>, or null with the reason when it gives none.</summary>
    public async Task<(string? Text, string? Error)> ConvertAsync(string path, FileKind kind, string outputDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputDirectory);
        var (target, extension) = Target(kind, Path.GetExtension(path));
        var profile = new Uri(Path.GetFullPath(profileDirectory) + "/").AbsoluteUri;
        var (exit, errors) = await RunAsync(soffice,
            ["-env:UserInstallation=" + profile, "--headless", "--convert-to", target, "--outdir", outputDirectory, path], cancellationToken).ConfigureAwait(false);
        var converted = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(path) + extension);
        if (exit != 0 || !File.Exists(converted))
        {
            return (null, $"soffice exit {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "timeout"}: {errors.Trim()}");
        }

        if (extension == ".pdf")
        {
            var text = Path.ChangeExtension(converted, ".txt");
            (exit, errors) = await RunAsync(pdfToText, ["-enc", "UTF-8", converted, text], cancellationToken).ConfigureAwait(false);
            File.Delete(converted);
            if (exit != 0 || !File.Exists(text))
            {
                return (null, $"pdftotext exit {exit}: {errors.Trim()}");
            }

            converted = text;
        }

        var result = await File.ReadAllTextAsync(converted, cancellationToken).ConfigureAwait(false);
        File.Delete(converted);
        return (result, null);
    }

    /// <summary>LibreOffice opens CSV and TSV files in Calc too, which cannot write <c>txt</c>.</summary>
    private static (string Target, string Extension) Target(FileKind kind, string extension) => kind switch
    {
        FileKind.Xls or FileKind.Xlsx or FileKind.Ods => ("csv:Text - txt - csv (StarCalc):44,34,76", ".csv"),
        _ when extension.Equals(".csv", StringComparison.OrdinalIgnoreCase) || extension.Equals(".tsv", StringComparison.OrdinalIgnoreCase)
            => ("csv:Text - txt - csv (StarCalc):44,34,76", ".csv"),
        FileKind.Ppt or FileKind.Pptx or FileKind.Odp => ("pdf", ".pdf"),
        _ => ("txt:Text (encoded):UTF8", ".txt"),
    };

    private async Task<(int? Exit, string Errors)> RunAsync(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (null, "timed out");
        }

        await output.ConfigureAwait(false);
        return (process.ExitCode, await errors.ConfigureAwait(false));
    }
}
