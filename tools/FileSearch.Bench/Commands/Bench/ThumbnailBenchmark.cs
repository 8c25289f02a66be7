using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Imaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench thumbnails [--images DIR]</c>: one 256 px WebP thumbnail per photo with <see cref="NetVipsThumbnailer"/>
/// (in process) and with ImageMagick's <c>convert -thumbnail</c> (a process per photo, as scripts use it), same photos,
/// same size, format, quality and WebP effort. Peak memory: this process's peak RSS during its run (reset first through
/// /proc/self/clear_refs) and the largest <c>convert</c>'s max RSS (via <c>/usr/bin/time</c>).
/// </summary>
public static class ThumbnailBenchmark
{
    public static Command Create(GlobalOptions globals)
    {
        var images = new Option<DirectoryInfo?>("--images") { Description = "Folder of JPEG photos (default: 50 generated 12 MP photos)" };
        var convert = new Option<string>("--convert") { Description = "ImageMagick convert binary", DefaultValueFactory = _ => "/usr/bin/convert" };
        var command = new Command("thumbnails", "Thumbnails per second and peak memory: libvips thumbnailer vs ImageMagick convert -thumbnail")
        {
            images,
            convert,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var photos = parse.GetValue(images) is { } dir
                ? [.. dir.GetFiles("*.jp*g").Select(f => f.FullName).Order(StringComparer.Ordinal)]
                : Generate(context.DataDirectory, token);
            if (photos.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No JPEG photos found.[/]");
                return ExitCodes.Usage;
            }

            var output = Path.Combine(context.DataDirectory, "bench", "thumbnails-out");
            Directory.CreateDirectory(output);
            var settings = new ThumbnailOptions { Sizes = [256], Quality = 80 };
            var thumbnailer = new NetVipsThumbnailer(services.GetRequiredService<VipsRuntime>(),
                Options.Create(settings), TimeProvider.System, NullLogger<NetVipsThumbnailer>.Instance);

            // Warm-up: JIT, libvips start-up and the page cache for both contenders.
            await thumbnailer.CreateAsync(photos[0], FileKind.Jpeg, token).ConfigureAwait(false);
            var ours = await MeasureOursAsync(thumbnailer, photos, output, token).ConfigureAwait(false);
            var theirs = await MeasureImageMagickAsync(parse.GetValue(convert)!, photos, output, settings.WebpEffort, token).ConfigureAwait(false);

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{photos.Count} photos, 256 px WebP q80[/]");
            table.AddColumn("");
            table.AddColumn(new TableColumn("libvips (FileSearch)").RightAligned());
            table.AddColumn(new TableColumn("ImageMagick convert").RightAligned());
            table.AddRow("seconds", F(ours.Seconds), F(theirs.Seconds));
            table.AddRow("thumbnails/s", F(ours.PerSecond), F(theirs.PerSecond));
            table.AddRow("peak memory MB (process RSS)", F(ours.PeakMb), F(theirs.PeakMb));
            table.AddRow("of which before the run MB", F(ours.BaselineMb), "0.00");
            AnsiConsole.Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT thumbnails per_s={ours.PerSecond:0.00} imagemagick_per_s={theirs.PerSecond:0.00} ratio={ours.PerSecond / theirs.PerSecond:0.00} peak_mb={ours.PeakMb:0} imagemagick_peak_mb={theirs.PeakMb:0} baseline_mb={ours.BaselineMb:0} thumbnailer_mb={ours.PeakMb - ours.BaselineMb:0}"));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static List<string> Generate(string dataDirectory, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine("Preparing 50 photos of 4000x3000 (made once, kept under the data directory)...");
        return [.. BenchPhotos.Ensure(Path.Combine(dataDirectory, "bench", "photos-12mp"), 50, 4000, 3000, cancellationToken)];
    }

    private static async Task<Measurement> MeasureOursAsync(NetVipsThumbnailer thumbnailer, List<string> photos, string output, CancellationToken cancellationToken)
    {
        ProcessMemory.ResetPeak();
        var baseline = ProcessMemory.CurrentMb();
        var watch = Stopwatch.StartNew();
        foreach (var photo in photos)
        {
            var thumb = (await thumbnailer.CreateAsync(photo, FileKind.Jpeg, cancellationToken).ConfigureAwait(false))[0];
            await File.WriteAllBytesAsync(Path.Combine(output, Path.GetFileNameWithoutExtension(photo) + ".vips.webp"), thumb.Data, cancellationToken).ConfigureAwait(false);
        }

        watch.Stop();
        return new Measurement(watch.Elapsed.TotalSeconds, photos.Count / watch.Elapsed.TotalSeconds, ProcessMemory.PeakMb(), baseline);
    }

    private static async Task<Measurement> MeasureImageMagickAsync(string convert, List<string> photos, string output, int effort, CancellationToken cancellationToken)
    {
        var timeTool = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        await RunAsync(timeTool, convert, photos[0], Path.Combine(output, "warmup.webp"), effort, cancellationToken).ConfigureAwait(false);
        var peakKb = 0L;
        var watch = Stopwatch.StartNew();
        foreach (var photo in photos)
        {
            var target = Path.Combine(output, Path.GetFileNameWithoutExtension(photo) + ".magick.webp");
            peakKb = Math.Max(peakKb, await RunAsync(timeTool, convert, photo, target, effort, cancellationToken).ConfigureAwait(false));
        }

        watch.Stop();
        return new Measurement(watch.Elapsed.TotalSeconds, photos.Count / watch.Elapsed.TotalSeconds, timeTool is null ? -1 : peakKb / 1024.0, 0);
    }

    /// <summary>Runs one convert; returns its max RSS in KiB (0 without /usr/bin/time).</summary>
    private static async Task<long> RunAsync(string? timeTool, string convert, string input, string target, int effort, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(timeTool ?? convert) { RedirectStandardError = true, UseShellExecute = false };
        if (timeTool is not null)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("maxrss=%M");
            start.ArgumentList.Add(convert);
        }

        // Same WebP effort as ours (libwebp's "method"), so both encoders do the same work.
        foreach (var arg in new[] { input, "-thumbnail", "256x256", "-quality", "80", "-define", $"webp:method={effort}", "-strip", target })
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

    private static string F(double value) => value < 0 ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <param name="BaselineMb">RSS before the run: for the in-process thumbnailer, the whole host (runtime, OCR engines, index).</param>
    private sealed record Measurement(double Seconds, double PerSecond, double PeakMb, double BaselineMb);
}
