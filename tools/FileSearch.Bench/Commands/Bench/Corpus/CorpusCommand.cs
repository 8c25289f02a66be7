using System.CommandLine;
using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Imaging;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// <c>bench corpus --out DIR --files N [--seed S] [--max-pages P] [--mix classic|share] [--weights KIND=N,...]</c>: writes a
/// deterministic mixed corpus of Japanese files for <c>bench pipeline</c> (see <see cref="CorpusGenerator"/> and
/// <see cref="CorpusMix"/> for the mixes). Everything is made in
/// process (libvips with the Noto CJK font, the OpenXml SDK, a small PDF writer); nothing is downloaded.
/// Ends with <c>RESULT corpus files=N pages=P bytes=B</c>.
/// </summary>
public static class CorpusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write the corpus into (created; files of the same name are replaced)", Required = true };
        var filesOption = new Option<int>("--files") { Description = "Number of files", DefaultValueFactory = _ => 100 };
        var seedOption = new Option<int>("--seed") { Description = "Seed: the same seed and count give the same files", DefaultValueFactory = _ => 1 };
        var maxPagesOption = new Option<int>("--max-pages") { Description = "Most pages per document (scans: at most 3)", DefaultValueFactory = _ => 6 };
        var mixOption = new Option<string>("--mix")
        {
            Description = "classic (text and scanned PDFs, TIFF, scanned JPEGs, Office, Shift_JIS, synthetic photos) or share "
                + "(camera photos 12-24 MP with EXIF orientation, phone screenshots, 150-600 dpi scans, PDFs, Office, notes)",
            DefaultValueFactory = _ => "classic",
        };
        var weightsOption = new Option<string?>("--weights") { Description = "Replace the mix's weights, e.g. CameraPhoto=10,Screenshot=0 (kinds: " + string.Join(", ", Enum.GetNames<CorpusKind>()) + ")" };
        var command = new Command("corpus", "Write a deterministic mixed corpus (classic, or share: camera photos, screenshots, scans, PDFs, Office, text)")
        {
            outOption, filesOption, seedOption, maxPagesOption, mixOption, weightsOption,
        };
        command.SetAction((parse, ct) =>
        {
            var files = parse.GetValue(filesOption);
            var maxPages = parse.GetValue(maxPagesOption);
            if (files is < 1 or > 100_000 || maxPages is < 1 or > 100)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --files must be 1-100000 and --max-pages 1-100");
                return Task.FromResult(ExitCodes.Usage);
            }

            try
            {
                CorpusMix mix;
                try
                {
                    mix = CorpusMix.Parse(parse.GetValue(mixOption)!, parse.GetValue(weightsOption));
                }
                catch (ArgumentException ex)
                {
                    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                    return Task.FromResult(ExitCodes.Usage);
                }

                return Task.FromResult(Run(parse.GetValue(outOption)!, files, parse.GetValue(seedOption), maxPages, mix, ct));
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]Interrupted.[/]");
                return Task.FromResult(130);
            }
            catch (Exception ex)
            {
                return Task.FromResult(CommandRunner.ReportError(ex, parse.GetValue(globals.Verbose)));
            }
        });
        return command;
    }

    private static int Run(DirectoryInfo folder, int files, int seed, int maxPages, CorpusMix mix, CancellationToken cancellationToken)
    {
        if (!File.Exists(ScanRenderer.FontFile))
        {
            throw new InvalidOperationException($"font {ScanRenderer.FontFile} not found: apt-get install fonts-noto-cjk");
        }

        _ = new VipsRuntime();
        folder.Create();
        var generator = new CorpusGenerator(folder.FullName, seed, maxPages, mix);
        var pages = 0L;
        var bytes = 0L;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Writing {files} files", maxValue: files);
                for (var i = 0; i < files; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (path, count) = generator.Write(i);
                    pages += count;
                    bytes += new FileInfo(path).Length;
                    task.Increment(1);
                }
            });

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(folder.FullName)}[/]: "
            + string.Join(", ", Enumerable.Range(0, files).GroupBy(generator.KindAt).Select(g => $"{g.Count()} {g.Key}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT corpus files={files} pages={pages} bytes={bytes} seed={seed} mix={mix.Name}"));
        return ExitCodes.Success;
    }
}
