using System.Diagnostics;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Text;
using FileSearch.Extraction;
using FileSearch.Imaging;
using FileSearch.Ocr.Tesseract;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// The seed's way of working, for comparison: one message at a time; per file a private copy ("download"),
/// type detection, text by freshly created extractors (PDF text layer, OpenXml, plain text: nothing reused between
/// files) and OCR by the <c>tesseract</c> command per page, thumbnails by ImageMagick <c>convert</c> for the kinds the
/// pipeline renders, the pipeline's image embedder (its model loaded once, as anyone would), then the document written to the same kind of index and metadata store (committed per file).
/// Its peak memory is this process's peak during the run plus the largest child process's (one runs at a time).
/// Its stages are timed here by hand: the baseline is not the pipeline and has no observer hooks.
/// </summary>
internal sealed class SeedBaseline(BenchHost host, Action<int> progress)
{
    private readonly ISearchIndex _index = host.Services.Get<ISearchIndex>();
    private readonly IMetadataStore _metadata = host.Services.Get<IMetadataStore>();
    private readonly IThumbnailer _thumbnailer = host.Services.Get<IThumbnailer>();
    private readonly IImageEmbedder _embedder = host.Services.Get<IImageEmbedder>();
    private readonly IOptions<ExtractionOptions> _extraction = host.Services.Get<IOptions<ExtractionOptions>>();
    private readonly IOptions<ThumbnailOptions> _thumbnails = host.Services.Get<IOptions<ThumbnailOptions>>();
    private readonly OcrOptions _ocr = host.Services.Get<IOptions<OcrOptions>>().Value;

    public async Task<RunFigures> RunAsync(PipelineRun.Corpus corpus, CancellationToken cancellationToken)
    {
        var tools = new SeedTools(_ocr, _thumbnails.Value);
        var files = new List<FileFigure>(corpus.Events.Count);
        ProcessMemory.ResetPeak();
        var (started, cpu) = (Stopwatch.GetTimestamp(), CpuClock.Now());
        foreach (var fileEvent in corpus.Events)
        {
            files.Add(await ProcessAsync(fileEvent, tools, cancellationToken).ConfigureAwait(false));
            progress(files.Count);
        }

        var (wall, used) = (Stopwatch.GetElapsedTime(started), CpuClock.Now() - cpu);
        // One child process at a time beside this one: the peak is at most this process's plus the largest child's.
        var (own, child) = (ProcessMemory.PeakMb(), tools.ChildPeakMb);
        var (documents, _) = await host.IndexedAsync(corpus.Bucket, cancellationToken).ConfigureAwait(false);
        return new RunFigures("baseline", wall, used, files, own < 0 || child < 0 ? -1 : own + child, documents) { ChildPeakRssMb = child };
    }

    private async Task<FileFigure> ProcessAsync(FileEvent fileEvent, SeedTools tools, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var work = Path.Combine(host.DataDirectory, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var started = Stopwatch.GetTimestamp();
        var kind = FileKind.Unknown;
        var pages = 0;
        try
        {
            var local = Path.Combine(work, "input" + Path.GetExtension(fileEvent.Key));
            await Timed(stages, "download", () => CopyAsync(fileEvent.OriginalPath!, local, cancellationToken)).ConfigureAwait(false);
            await Timed(stages, "detect", async () => kind = (await new MagicFileTypeDetector(_extraction, NullLogger<MagicFileTypeDetector>.Instance)
                .DetectAsync(local, fileEvent.FileName, cancellationToken).ConfigureAwait(false)).Kind).ConfigureAwait(false);
            var text = string.Empty;
            await Timed(stages, "extract", async () => (text, pages) = await ExtractAsync(local, kind, tools, work, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (_thumbnailer.CanRender(kind))
            {
                await Timed(stages, "thumbnail", () => tools.ThumbnailsAsync(local, kind, work, cancellationToken)).ConfigureAwait(false);
            }

            float[]? vector = null;
            await Timed(stages, "embed", async () =>
                vector = _embedder.CanEmbed(kind) ? await _embedder.EmbedAsync(local, kind, cancellationToken).ConfigureAwait(false) : null).ConfigureAwait(false);
            await Timed(stages, "index", () => IndexAsync(fileEvent, kind, text, pages, vector, cancellationToken)).ConfigureAwait(false);
            return new FileFigure(fileEvent.Key, kind, pages, Stopwatch.GetElapsedTime(started), stages, Indexed: true);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new FileFigure(fileEvent.Key, kind, pages, Stopwatch.GetElapsedTime(started), stages, Indexed: false) { Error = ex.Message };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task<(string Text, int Pages)> ExtractAsync(string path, FileKind kind, SeedTools tools, string work, CancellationToken cancellationToken)
    {
        if (kind.IsImage())
        {
            return await tools.OcrImageAsync(path, work, cancellationToken).ConfigureAwait(false);
        }

        ITextExtractor? extractor = kind switch
        {
            FileKind.Pdf => new PdfTextExtractor(_extraction, NullLogger<PdfTextExtractor>.Instance),
            FileKind.Docx or FileKind.Xlsx or FileKind.Pptx => new OpenXmlTextExtractor(_extraction, NullLogger<OpenXmlTextExtractor>.Instance),
            FileKind.Text => new PlainTextExtractor(_extraction, NullLogger<PlainTextExtractor>.Instance),
            _ => null,
        };
        if (extractor is null)
        {
            return (string.Empty, 0);
        }

        var result = await extractor.ExtractAsync(path, kind, cancellationToken).ConfigureAwait(false);
        if (kind != FileKind.Pdf || result.Pages is not { } layer || layer.All(p => p.Text.Trim().Length >= _ocr.MinTextLayerChars))
        {
            return (result.Text, result.PageCount ?? 0);
        }

        var texts = new List<string>(layer.Count);
        foreach (var page in layer)
        {
            texts.Add(page.Text.Trim().Length >= _ocr.MinTextLayerChars ? page.Text
                : await tools.OcrPdfPageAsync(path, page.Number, work, cancellationToken).ConfigureAwait(false));
        }

        return (string.Join("\n\n", texts), layer.Count);
    }

    private async Task IndexAsync(FileEvent fileEvent, FileKind kind, string text, int pages, float[]? vector, CancellationToken cancellationToken)
    {
        var size = new FileInfo(fileEvent.OriginalPath!).Length;
        await _index.IndexAsync(new IndexDocument
        {
            Id = fileEvent.DocumentId,
            Bucket = fileEvent.Bucket,
            Key = fileEvent.Key,
            Name = fileEvent.FileName,
            Path = fileEvent.OriginalPath ?? fileEvent.Key,
            Kind = kind,
            Size = size,
            Modified = fileEvent.EventTime,
            Indexed = fileEvent.EventTime ?? default,
            Text = TextNormalizer.NormalizeForIndex(text),
            Vector = vector,
        }, cancellationToken).ConfigureAwait(false);
        await _index.CommitAsync(cancellationToken).ConfigureAwait(false);
        await _metadata.PutAsync(new DocumentRecord
        {
            Id = fileEvent.DocumentId,
            Bucket = fileEvent.Bucket,
            Key = fileEvent.Key,
            OriginalPath = fileEvent.OriginalPath,
            Name = fileEvent.FileName,
            Kind = kind,
            MimeType = kind.MimeType(),
            Size = size,
            ETag = fileEvent.ETag,
            EventTime = fileEvent.EventTime,
            Status = DocumentStatus.Indexed,
            PageCount = pages,
            TextLength = text.Length,
            Text = text,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var input = File.OpenRead(source);
        await using (input.ConfigureAwait(false))
        {
            var output = File.Create(target);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task Timed(Dictionary<string, TimeSpan> stages, string stage, Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            stages[stage] = Stopwatch.GetElapsedTime(started);
        }
    }
}
