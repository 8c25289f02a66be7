using System.CommandLine;
using System.Globalization;
using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Imaging;
using NetVips;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.OcrSet;

/// <summary>
/// <c>bench ocr-set --out DIR</c>: writes the OCR accuracy set, the same bytes each time on the same libraries: per page
/// <c>NN-kind.png|jpg</c> and its ground truth <c>NN-kind.gt.txt</c> (UTF-8, the rendered lines), plus a README listing
/// the pages. The committed copy is <c>tests/data/ocr-accuracy</c>; <c>bench ocr --pages DIR</c> reports its CER.
/// Ends with <c>RESULT ocr-set pages=N clean=C degraded=D bytes=B</c>.
/// </summary>
public static class OcrSetCommand
{
    /// <summary>The ground-truth file next to a page image: <c>NN-kind.gt.txt</c>.</summary>
    public const string GroundTruthSuffix = ".gt.txt";

    public static Command Create(GlobalOptions globals)
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write the set into (created; files of the same name are replaced)", Required = true };
        var command = new Command("ocr-set", "Write the OCR accuracy set (Japanese pages, clean and degraded, with ground truth)") { outOption };
        command.SetAction((parse, ct) =>
        {
            try
            {
                return Task.FromResult(Run(parse.GetValue(outOption)!, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Task.FromResult(CommandRunner.ReportError(ex, parse.GetValue(globals.Verbose)));
            }
        });
        return command;
    }

    private static int Run(DirectoryInfo folder, CancellationToken cancellationToken)
    {
        foreach (var font in new[] { Corpus.ScanRenderer.FontFile, OcrSetRenderer.SerifFontFile })
        {
            if (!File.Exists(font))
            {
                throw new InvalidOperationException($"font {font} not found: apt-get install fonts-noto-cjk");
            }
        }

        _ = new VipsRuntime();
        folder.Create();
        var bytes = 0L;
        foreach (var page in OcrSetPages.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(folder.FullName, page.Name + page.Extension);
            using (var image = OcrSetRenderer.Render(page))
            {
                if (page.Degradation.Jpeg > 0)
                {
                    image.Jpegsave(path, q: page.Degradation.Jpeg);
                }
                else
                {
                    image.Pngsave(path, compression: 9, keep: Enums.ForeignKeep.None);
                }
            }

            File.WriteAllText(Path.Combine(folder.FullName, page.Name + GroundTruthSuffix), string.Join('\n', OcrSetRenderer.Lines(page)) + "\n");
            bytes += new FileInfo(path).Length;
        }

        File.WriteAllText(Path.Combine(folder.FullName, "README.md"), Readme());
        var clean = OcrSetPages.All.Count(p => p.Degradation.IsClean);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(folder.FullName)}[/]: {OcrSetPages.All.Count} pages");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ocr-set pages={OcrSetPages.All.Count} clean={clean} degraded={OcrSetPages.All.Count - clean} bytes={bytes}"));
        return ExitCodes.Success;
    }

    private static string Readme()
    {
        var text = new StringBuilder();
        text.Append("""
            # OCR accuracy set

            Scanned-style Japanese pages with their ground truth, read by `OcrAccuracyTests` (character error rate, CER,
            clean and degraded pages, with and without preprocessing) and by `./filesearch-bench bench ocr --pages tests/data/ocr-accuracy`.
            Do not edit these files by hand: they are written by

                ./filesearch-bench bench ocr-set --out tests/data/ocr-accuracy

            (tools/FileSearch.Bench/Commands/Bench/OcrSet). Rendered with libvips/pango and Debian's fonts-noto-cjk (Noto Sans
            CJK JP, Noto Serif CJK JP) at 11 pt, 300 dpi: one paragraph of 30-character lines, or for vertical pages (縦書き)
            columns of 18 characters set right to left, one glyph per cell (、。 in the upper right, brackets and ー turned);
            a mark that may not start a line or column (、。ー, a closing bracket) stays at the end of the one before, as a
            31st character or a 19th cell. Degradations are applied in this order: low contrast, skew, blur, Gaussian noise (seeded with the page number),
            quarter-turn rotation, JPEG (noisy pages are stored as JPEG q85-90: noise does not compress in PNG). Skew is
            libvips' angle, positive clockwise. `NN-kind.gt.txt` holds the rendered lines in UTF-8; the CER ignores
            whitespace and compares NFKC forms (what the index stores). Pages whose kind starts with `clean-` count as
            clean, the others as degraded; `vertical` and `rotNNN` in the kind name vertical and rotated pages.

            The literature pages are openings of works in the public domain, as published by Aozora Bunko
            (https://www.aozora.gr.jp/), ruby readings left out: 夏目漱石 (d. 1916), 芥川龍之介 (d. 1927), 宮沢賢治 (d. 1933),
            太宰治 (d. 1948); they were typed from those editions, and any small difference in wording or kana usage from
            them does not matter here, as the ground truth is exactly the text rendered. The business pages are prose
            written for this set. The `mixed` pages are paragraphs of Debian's Japanese manual pages (apt, dpkg, passwd, xxd;
            licences in the table), Japanese prose full of commands, paths and option names: their lines break between words,
            a Latin character counts half a cell, and in vertical columns Latin words run sideways (turned clockwise).
            The `heldout` pages (37 on) were added after the OCR post-processing rules had been written against pages 1-36
            and were never looked at while choosing them: the tests report their figures apart, as a check that the rules
            are not fitted to the pages they were made on.

            | Page | Font | Source | Degradation |
            |------|------|--------|-------------|

            """);
        foreach (var page in OcrSetPages.All)
        {
            var font = (page.Serif ? "serif" : "sans") + (page.Vertical ? ", vertical" : string.Empty);
            text.Append(CultureInfo.InvariantCulture, $"| {page.Name}{page.Extension} | {font} | {page.Source} | {page.Degradation} |\n");
        }

        return text.ToString();
    }
}
