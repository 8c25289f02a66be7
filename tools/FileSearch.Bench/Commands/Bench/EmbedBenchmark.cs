using System.CommandLine;
using System.Diagnostics;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Embeddings.Onnx;
using FileSearch.Imaging;
using FileSearch.Testing.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;
using static FileSearch.Bench.Commands.Bench.BenchFormat;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench embed [--images DIR] [--rounds R]</c>: image vectors per second and peak memory of the ResNet18 embedder
/// (ONNX Runtime, one image at a time as the pipeline's embed stage calls it, and in batches of
/// <see cref="OnnxEmbeddingOptions.MaxBatchSize"/>) against the 140-d libvips descriptor, on the same photographs (the
/// wallpaper photographs by default), in the same process. Rounds are interleaved, the side that goes first alternating;
/// the RESULT line has the medians. Memory: this process's peak RSS during each side's run (reset first through
/// /proc/self/clear_refs) and its growth over the RSS before the run; the model's own resident size is measured once, when
/// it loads, and stays resident during the descriptor's runs too.
/// </summary>
public static class EmbedBenchmark
{
    public static Command Create(GlobalOptions globals)
    {
        var images = new Option<DirectoryInfo?>("--images") { Description = "Folder of JPEG photos (default: the wallpaper photographs of the test set)" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of each embedder, interleaved (who goes first alternates); the RESULT line has the medians", DefaultValueFactory = _ => 3 };
        var command = new Command("embed", "Image vectors per second and peak memory: ResNet18 (ONNX Runtime) vs the libvips descriptor") { images, rounds };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var roundCount = parse.GetValue(rounds);
            if (roundCount is < 1 or > 20)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --rounds must be 1-20");
                return ExitCodes.Usage;
            }

            IReadOnlyList<string> photos = parse.GetValue(images) is { } dir
                ? [.. dir.GetFiles("*.jp*g").Select(f => f.FullName).Order(StringComparer.Ordinal)]
                : WallpaperPhotos.Photographs();
            if (photos.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No JPEG photos found.[/]");
                return ExitCodes.Usage;
            }

            var runtime = services.GetRequiredService<VipsRuntime>();
            var descriptor = new LocalImageEmbedder(runtime, Options.Create(new ThumbnailOptions()), NullLogger<LocalImageEmbedder>.Instance);
            ProcessMemory.ResetPeak();
            var beforeModel = ProcessMemory.CurrentMb();
            var options = new OnnxEmbeddingOptions();
            using var resnet = new ResNet18ImageEmbedder(runtime, Options.Create(options), TimeProvider.System, NullLogger<ResNet18ImageEmbedder>.Instance);
            var modelMb = ProcessMemory.CurrentMb() - beforeModel;

            // Warm-up: JIT, libvips start-up, ONNX Runtime's first inference and the page cache.
            await OneByOneAsync(resnet, photos.Take(2).ToList(), token).ConfigureAwait(false);
            await OneByOneAsync(descriptor, photos.Take(2).ToList(), token).ConfigureAwait(false);
            var (single, batched, local) = (new List<Measurement>(), new List<Measurement>(), new List<Measurement>());
            for (var round = 1; round <= roundCount; round++)
            {
                var resnetFirst = round % 2 == 1;
                Console.WriteLine(Invariant($"round {round} of {roundCount}: {(resnetFirst ? "resnet18 first" : "descriptor first")}"));
                if (!resnetFirst)
                {
                    local.Add(await MeasureAsync(photos.Count, () => OneByOneAsync(descriptor, photos, token)).ConfigureAwait(false));
                }

                single.Add(await MeasureAsync(photos.Count, () => OneByOneAsync(resnet, photos, token)).ConfigureAwait(false));
                batched.Add(await MeasureAsync(photos.Count, () => resnet.EmbedBatchAsync(photos, token)).ConfigureAwait(false));
                if (resnetFirst)
                {
                    local.Add(await MeasureAsync(photos.Count, () => OneByOneAsync(descriptor, photos, token)).ConfigureAwait(false));
                }

                Console.WriteLine(Invariant(
                    $"  resnet18 {single[^1].PerSecond:F2}/s (batched {batched[^1].PerSecond:F2}/s), descriptor {local[^1].PerSecond:F2}/s"));
            }

            var (resnetPerSecond, batchPerSecond, descriptorPerSecond) =
                (Median(single.Select(m => m.PerSecond)), Median(batched.Select(m => m.PerSecond)), Median(local.Select(m => m.PerSecond)));
            var resnetPeak = single.Concat(batched).Max(m => m.PeakMb);
            var (resnetGrowth, descriptorGrowth) = (single.Concat(batched).Max(m => m.PeakMb - m.BaselineMb), local.Max(m => m.PeakMb - m.BaselineMb));
            var table = new Table().Border(TableBorder.Rounded).Title(Invariant($"[bold]{photos.Count} photos, medians of {roundCount} round(s)[/]"));
            table.AddColumn("");
            table.AddColumn(new TableColumn("ResNet18 512-d").RightAligned());
            table.AddColumn(new TableColumn(Invariant($"ResNet18, batches of {options.MaxBatchSize}")).RightAligned());
            table.AddColumn(new TableColumn("descriptor 140-d").RightAligned());
            table.AddRow("images/s", F(resnetPerSecond), F(batchPerSecond), F(descriptorPerSecond));
            table.AddRow("peak memory MB (process RSS)", F(single.Max(m => m.PeakMb)), F(batched.Max(m => m.PeakMb)), F(local.Max(m => m.PeakMb)));
            table.AddRow("peak over the RSS before the run MB", F(single.Max(m => m.PeakMb - m.BaselineMb)), F(batched.Max(m => m.PeakMb - m.BaselineMb)),
                F(descriptorGrowth));
            AnsiConsole.Write(table);
            Console.WriteLine(Invariant($"The model added {modelMb:F0} MB of RSS when it loaded (resident during every run, the descriptor's too)."));
            Console.WriteLine(Invariant(
                $"RESULT embed images={photos.Count} rounds={roundCount} resnet18_per_s={resnetPerSecond:0.00} resnet18_batch_per_s={batchPerSecond:0.00} descriptor_per_s={descriptorPerSecond:0.00} ratio={resnetPerSecond / descriptorPerSecond:0.00} resnet18_peak_mb={resnetPeak:0} descriptor_peak_mb={local.Max(m => m.PeakMb):0} resnet18_run_mb={resnetGrowth:0} descriptor_run_mb={descriptorGrowth:0} model_mb={modelMb:0}"));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static async Task OneByOneAsync(IImageEmbedder embedder, IReadOnlyList<string> photos, CancellationToken cancellationToken)
    {
        foreach (var photo in photos)
        {
            _ = await embedder.EmbedAsync(photo, FileKind.Jpeg, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"no vector for {photo}");
        }
    }

    private static async Task<Measurement> MeasureAsync(int count, Func<Task> run)
    {
        ProcessMemory.ResetPeak();
        var baseline = ProcessMemory.CurrentMb();
        var watch = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        watch.Stop();
        return new Measurement(count / watch.Elapsed.TotalSeconds, ProcessMemory.PeakMb(), baseline);
    }

    private sealed record Measurement(double PerSecond, double PeakMb, double BaselineMb);
}
