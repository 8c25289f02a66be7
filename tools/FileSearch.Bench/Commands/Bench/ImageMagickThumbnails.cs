using System.Diagnostics;
using System.Globalization;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// The ImageMagick side of <c>bench thumbnails</c>: one <c>convert</c> per photo with the flags a competent user gives it
/// (<see cref="Arguments"/>), under <c>/usr/bin/time</c> when present for its max RSS.
/// </summary>
internal sealed class ImageMagickThumbnails(string convert, int quality, int webpEffort, int size = 256)
{
    private readonly string? _timeTool = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;

    /// <summary>Whether <see cref="RunAsync"/> reports the max RSS (it needs <c>/usr/bin/time</c>).</summary>
    public bool MeasuresMemory => _timeTool is not null;

    /// <summary>
    /// <c>-define jpeg:size=</c> comes before the input so libjpeg decodes at the smallest power-of-two scale that still
    /// covers the target (the shrink-on-load ours uses); <c>-thumbnail</c> resizes and drops profiles, <c>-strip</c> the
    /// rest of the metadata; quality and WebP effort (libwebp's "method") are ours.
    /// </summary>
    public IReadOnlyList<string> Arguments(string input, string target) =>
    [
        "-define", Invariant($"jpeg:size={size}x{size}"), input, "-auto-orient", "-thumbnail", Invariant($"{size}x{size}"), "-strip",
        "-quality", Invariant($"{quality}"), "-define", Invariant($"webp:method={webpEffort}"), target,
    ];

    /// <summary>Runs one convert; returns its max RSS in KiB (0 without /usr/bin/time).</summary>
    public async Task<long> RunAsync(string input, string target, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_timeTool ?? convert) { RedirectStandardError = true, UseShellExecute = false };
        if (_timeTool is not null)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("maxrss=%M");
            start.ArgumentList.Add(convert);
        }

        foreach (var arg in Arguments(input, target))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{convert} did not start");
        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{convert} failed on {input}: {stderr.Trim()}");
        }

        var line = stderr.Split('\n').LastOrDefault(l => l.StartsWith("maxrss=", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["maxrss=".Length..], CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
