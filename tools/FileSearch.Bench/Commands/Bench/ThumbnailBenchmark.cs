using System.CommandLine;
using System.Diagnostics;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Imaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using static FileSearch.Bench.Commands.Bench.BenchFormat;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench thumbnails [--images DIR] [--rounds R]</c>: one 256 px WebP thumbnail per photo with
/// <see cref="NetVipsThumbnailer"/> (in process) and with ImageMagick's <c>convert</c> (a process per photo, as scripts
/// use it) given the flags a competent user gives it: <c>-define jpeg:size=256x256</c> before the input (libjpeg's
/// shrink-on-load, which ours gets from libvips), <c>-auto-orient -thumbnail 256x256 -strip</c>, the same quality and WebP
/// effort. Both run <c>--rounds</c> times, interleaved, the side that goes first alternating; the RESULT line has the
/// medians. The last round's thumbnails are compared photo by photo: same size within a pixel and a mean absolute
/// difference of at most <c>--max-difference</c> (0-255); a mismatch fails the run (exit 1). Peak memory: this
/// process's peak RSS during its runs (reset first through /proc/self/clear_refs) and the largest <c>convert</c>'s max
/// RSS (via <c>/usr/bin/time</c>).
/// </summary>
public static class ThumbnailBenchmark
{
    private const int Size = 256;

    public static Command Create(GlobalOptions globals)
    {
        var images = new Option<DirectoryInfo?>("--images") { Description = "Folder of JPEG photos (default: generated 12 MP photos)" };
        var count = new Option<int>("--count") { Description = "Photos to generate when --images is not given", DefaultValueFactory = _ => 50 };
        var convert = new Option<string>("--convert") { Description = "ImageMagick convert binary", DefaultValueFactory = _ => "/usr/bin/convert" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of both sides, interleaved (who goes first alternates); the RESULT line has the medians", DefaultValueFactory = _ => 3 };
        var maxDifference = new Option<double>("--max-difference")
        {
            Description = "Largest mean absolute pixel difference (0-255) between the two thumbnails of a photo that passes",
            DefaultValueFactory = _ => 8,
        };
        var command = new Command("thumbnails", "Thumbnails per second, peak memory and output check: libvips thumbnailer vs ImageMagick convert -thumbnail")
        {
            images,
            count,
            convert,
            rounds,
            maxDifference,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var roundCount = parse.GetValue(rounds);
            var photoCount = parse.GetValue(count);
            if (roundCount is < 1 or > 20 || photoCount is < 1 or > 1000)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --rounds must be 1-20 and --count 1-1000");
                return ExitCodes.Usage;
            }

            var photos = parse.GetValue(images) is { } dir
                ? [.. dir.GetFiles("*.jp*g").Select(f => f.FullName).Order(StringComparer.Ordinal)]
                : Generate(context.DataDirectory, photoCount, token);
            if (photos.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No JPEG photos found.[/]");
                return ExitCodes.Usage;
            }

            var output = Path.Combine(context.DataDirectory, "bench", "thumbnails-out");
            Directory.CreateDirectory(output);
            var settings = new ThumbnailOptions { Sizes = [Size], Quality = 80 };
            var thumbnailer = new NetVipsThumbnailer(services.GetRequiredService<VipsRuntime>(),
                Options.Create(settings), TimeProvider.System, NullLogger<NetVipsThumbnailer>.Instance);
            var magick = new ImageMagickThumbnails(parse.GetValue(convert)!, settings.Quality, settings.WebpEffort);

            // Warm-up: JIT, libvips start-up and the page cache for both contenders.
            await thumbnailer.CreateAsync(photos[0], FileKind.Jpeg, token).ConfigureAwait(false);
            await magick.RunAsync(photos[0], Path.Combine(output, "warmup.webp"), token).ConfigureAwait(false);
            var (ours, theirs) = (new List<Measurement>(), new List<Measurement>());
            for (var round = 1; round <= roundCount; round++)
            {
                var oursFirst = round % 2 == 1;
                Console.WriteLine(Invariant($"round {round} of {roundCount}: {(oursFirst ? "libvips first" : "ImageMagick first")}"));
                if (oursFirst)
                {
                    ours.Add(await MeasureOursAsync(thumbnailer, photos, output, token).ConfigureAwait(false));
                }

                theirs.Add(await MeasureImageMagickAsync(magick, photos, output, token).ConfigureAwait(false));
                if (!oursFirst)
                {
                    ours.Add(await MeasureOursAsync(thumbnailer, photos, output, token).ConfigureAwait(false));
                }

                Console.WriteLine(Invariant($"  libvips {ours[^1].PerSecond:F2}/s, ImageMagick {theirs[^1].PerSecond:F2}/s"));
            }

            var differences = photos.Select(p => ThumbnailComparison.Compare(p, OursPath(output, p), TheirsPath(output, p))).ToList();
            var bound = parse.GetValue(maxDifference);
            var mismatches = differences.Where(d => !d.Matches(bound)).ToList();

            var (oursPerSecond, theirsPerSecond) = (Median(ours.Select(m => m.PerSecond)), Median(theirs.Select(m => m.PerSecond)));
            var (oursPeak, oursBaseline, theirsPeak) = (ours.Max(m => m.PeakMb), ours.Min(m => m.BaselineMb), theirs.Max(m => m.PeakMb));
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{photos.Count} photos, {Size} px WebP q{settings.Quality}, medians of {roundCount} round(s)[/]");
            table.AddColumn("");
            table.AddColumn(new TableColumn("libvips (FileSearch)").RightAligned());
            table.AddColumn(new TableColumn("ImageMagick convert").RightAligned());
            table.AddRow("seconds", F(Median(ours.Select(m => m.Seconds))), F(Median(theirs.Select(m => m.Seconds))));
            table.AddRow("thumbnails/s", F(oursPerSecond), F(theirsPerSecond));
            table.AddRow("peak memory MB (process RSS)", F(oursPeak), F(theirsPeak));
            table.AddRow("of which before the run MB", F(oursBaseline), "0.00");
            AnsiConsole.Write(table);
            var worst = differences.Where(d => d.SameSize).Select(d => d.MeanAbsoluteDifference).DefaultIfEmpty(0).Max();
            Console.WriteLine(Invariant($"Outputs: {photos.Count - mismatches.Count} of {photos.Count} thumbnails match (size within 1 px, mean absolute difference <= {bound:F1}); largest difference {worst:F2}"));
            foreach (var mismatch in mismatches)
            {
                AnsiConsole.MarkupLine($"[red]THUMBNAIL MISMATCH:[/] {Markup.Escape(mismatch.Describe())}");
            }

            Console.WriteLine(Invariant(
                $"RESULT thumbnails photos={photos.Count} rounds={roundCount} per_s={oursPerSecond:0.00} imagemagick_per_s={theirsPerSecond:0.00} ratio={oursPerSecond / theirsPerSecond:0.00} peak_mb={oursPeak:0} imagemagick_peak_mb={theirsPeak:0} baseline_mb={oursBaseline:0} thumbnailer_mb={oursPeak - oursBaseline:0} max_difference={worst:0.00} mismatches={mismatches.Count} passed={(mismatches.Count == 0 ? "true" : "false")}"));
            return mismatches.Count == 0 ? ExitCodes.Success : ExitCodes.Error;
        }, ct));
        return command;
    }

    private static List<string> Generate(string dataDirectory, int count, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine(Invariant($"Preparing {count} photos of 4000x3000 (made once, kept under the data directory)..."));
        return [.. BenchPhotos.Ensure(Path.Combine(dataDirectory, "bench", "photos-12mp"), count, 4000, 3000, cancellationToken)];
    }

    private static string OursPath(string output, string photo) => Path.Combine(output, Path.GetFileNameWithoutExtension(photo) + ".vips.webp");

    private static string TheirsPath(string output, string photo) => Path.Combine(output, Path.GetFileNameWithoutExtension(photo) + ".magick.webp");

    private static async Task<Measurement> MeasureOursAsync(NetVipsThumbnailer thumbnailer, List<string> photos, string output, CancellationToken cancellationToken)
    {
        ProcessMemory.ResetPeak();
        var baseline = ProcessMemory.CurrentMb();
        var watch = Stopwatch.StartNew();
        foreach (var photo in photos)
        {
            var thumb = (await thumbnailer.CreateAsync(photo, FileKind.Jpeg, cancellationToken).ConfigureAwait(false))[0];
            await File.WriteAllBytesAsync(OursPath(output, photo), thumb.Data, cancellationToken).ConfigureAwait(false);
        }

        watch.Stop();
        return new Measurement(watch.Elapsed.TotalSeconds, photos.Count / watch.Elapsed.TotalSeconds, ProcessMemory.PeakMb(), baseline);
    }

    private static async Task<Measurement> MeasureImageMagickAsync(ImageMagickThumbnails magick, List<string> photos, string output, CancellationToken cancellationToken)
    {
        var peakKb = 0L;
        var watch = Stopwatch.StartNew();
        foreach (var photo in photos)
        {
            peakKb = Math.Max(peakKb, await magick.RunAsync(photo, TheirsPath(output, photo), cancellationToken).ConfigureAwait(false));
        }

        watch.Stop();
        return new Measurement(watch.Elapsed.TotalSeconds, photos.Count / watch.Elapsed.TotalSeconds, magick.MeasuresMemory ? peakKb / 1024.0 : -1, 0);
    }

    /// <param name="BaselineMb">RSS before the run: for the in-process thumbnailer, the whole host (runtime, OCR engines, index).</param>
    private sealed record Measurement(double Seconds, double PerSecond, double PeakMb, double BaselineMb);
}
