using System.CommandLine;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Imaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using static FileSearch.Bench.Commands.Bench.BenchFormat;

namespace FileSearch.Bench.Commands.Bench.Formats;

/// <summary>
/// <c>bench formats [--corpus DIR] [--rounds R]</c>: docs/s per format of the committed format corpus
/// (<c>tests/data/formats</c>, its <c>expected.tsv</c> naming each file's own words) through FileSearch's detection and
/// extractors, against <c>soffice --headless --convert-to</c> started per file (<see cref="SofficeText"/>); same files,
/// same run, rounds interleaved. Per format: medians of docs/s, the text similarity of the two sides, and how many of
/// the format's own words each side found; and the median cost of a first-page preview per document where the format
/// has one (LibreOffice to a one-page PDF, then the PDF thumbnailer). Our side extracts as the extract stage does, the
/// corpus copy being the documents' work folder, so Word and PowerPoint 97-2003 files get their first-page PDF in the
/// load that reads their text and their preview only draws it. Fails (exit 1) when our side misses a word.
/// </summary>
public static class FormatsBenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var corpus = new Option<DirectoryInfo?>("--corpus") { Description = "Folder of files with an expected.tsv (default: tests/data/formats of the checkout)" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of both sides, interleaved; the RESULT line has the medians", DefaultValueFactory = _ => 3 };
        var soffice = new Option<string>("--soffice") { Description = "LibreOffice's soffice for the per-file side", DefaultValueFactory = _ => "soffice" };
        var previews = new Option<bool>("--previews") { Description = "Also time first-page previews (Office, OpenDocument, mail)", DefaultValueFactory = _ => true };
        var command = new Command("formats", "Docs/s per format and text check: FileSearch's extractors vs soffice --convert-to per file")
        {
            corpus,
            rounds,
            soffice,
            previews,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, context, token) =>
        {
            var roundCount = parse.GetValue(rounds);
            var folder = parse.GetValue(corpus)?.FullName
                ?? (RepositoryRoot.Find("tests/data/formats") is { } root ? Path.Combine(root, "tests", "data", "formats") : null);
            if (roundCount is < 1 or > 20 || folder is null || !File.Exists(Path.Combine(folder, "expected.tsv")))
            {
                AnsiConsole.MarkupLine("[red]error:[/] --rounds must be 1-20 and the corpus folder must hold expected.tsv (give --corpus)");
                return ExitCodes.Usage;
            }

            var work = Path.Combine(context.DataDirectory, "bench", "formats");
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            var detector = services.GetRequiredService<IFileTypeDetector>();
            var files = await FormatCorpusFiles.CopyAsync(folder, Path.Combine(work, "corpus"), detector, token).ConfigureAwait(false);
            var extractors = new ExtractTextStage(services.GetServices<ITextExtractor>(), services.GetService<ExtractorOrder>()).Extractors;
            var thumbnailer = services.GetRequiredService<NetVipsThumbnailer>();
            var benchmark = new FormatsBenchmark(
                async (file, t) =>
                {
                    var kind = (await detector.DetectAsync(file.Path, Path.GetFileName(file.Path), t).ConfigureAwait(false)).Kind;
                    var extractor = extractors.FirstOrDefault(e => e.CanExtract(kind));
                    return extractor is null ? string.Empty : (await extractor.ExtractAsync(file.Path, kind, Path.GetDirectoryName(file.Path)!, t).ConfigureAwait(false)).Text;
                },
                new SofficeText(parse.GetValue(soffice)!, "pdftotext", Path.Combine(work, "soffice-profile"), TimeSpan.FromMinutes(2)),
                work,
                parse.GetValue(previews) ? PreviewAsync : null);

            var rows = await benchmark.RunAsync(files, roundCount, Console.WriteLine, token).ConfigureAwait(false);
            Print(rows, files.Count, roundCount);
            var oursMissed = rows.Sum(r => r.Words - r.OursFound);
            var (oursTotal, theirsTotal) = (Total(rows, r => r.OursPerSecond), Total(rows, r => r.TheirsPerSecond));
            var perFormat = string.Join(' ', rows.Select(r => Invariant(
                $"{r.Format}={r.OursPerSecond:0.0}/{r.TheirsPerSecond:0.00}/{r.Similarity:0.00}/{r.OursFound}:{r.TheirsFound}:{r.Words}")));
            var previewMedian = rows.Where(r => r.PreviewMs is not null).Select(r => r.PreviewMs!.Value).DefaultIfEmpty(-1).ToList();
            Console.WriteLine(Invariant(
                $"RESULT formats files={files.Count} formats={rows.Count} rounds={roundCount} per_s={oursTotal:0.0} soffice_per_s={theirsTotal:0.00} ratio={oursTotal / theirsTotal:0.0} similarity={rows.Average(r => r.Similarity):0.00} words={rows.Sum(r => r.Words)} ours_found={rows.Sum(r => r.OursFound)} soffice_found={rows.Sum(r => r.TheirsFound)} soffice_failed={rows.Sum(r => r.TheirsFailed)} preview_ms={(previewMedian[0] < 0 ? -1 : Median(previewMedian)):0} {perFormat} passed={(oursMissed == 0 ? "true" : "false")}"));
            return oursMissed == 0 ? ExitCodes.Success : ExitCodes.Error;

            async Task<bool> PreviewAsync(FormatFile file, CancellationToken t) =>
                thumbnailer.CanRender(file.Kind) && file.Kind != FileKind.Pdf && !file.Kind.IsImage()
                && (await thumbnailer.CreateAsync(file.Path, file.Kind, t).ConfigureAwait(false)).Count > 0;
        }, ct));
        return command;
    }

    /// <summary>Docs/s over the whole corpus: files divided by the sum of each format's seconds per file.</summary>
    private static double Total(IReadOnlyList<FormatRow> rows, Func<FormatRow, double> perSecond) =>
        rows.Sum(r => r.Files) / rows.Sum(r => r.Files / perSecond(r));

    private static void Print(IReadOnlyList<FormatRow> rows, int files, int rounds)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{files} files, medians of {rounds} round(s)[/]");
        foreach (var column in new[] { "format", "files", "ours/s", "soffice/s", "ratio", "similar", "words ours", "words soffice", "preview ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var r in rows)
        {
            table.AddRow(r.Format, Invariant($"{r.Files}"), F(r.OursPerSecond), F(r.TheirsPerSecond), Invariant($"{r.Ratio:0.0}"), F(r.Similarity),
                Invariant($"{r.OursFound}/{r.Words}"), Invariant($"{r.TheirsFound}/{r.Words}{(r.TheirsFailed > 0 ? " (failed)" : string.Empty)}"),
                r.PreviewMs is { } ms ? Invariant($"{ms:0}") : "-");
        }

        AnsiConsole.Write(table);
    }
}
