using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Worker;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Core.Tests.Pipeline;

/// <summary>The real pipeline classes wired to in-memory ports and scriptable fakes of the engines.</summary>
internal sealed class PipelineHarness : IDisposable
{
    public const string Bucket = "raw-files";

    private readonly TempDirectory _temp = new("fs-pipeline");

    public PipelineHarness(int maxReceiveCount = 5)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 30, 12, 0, 0, TimeSpan.Zero));
        Objects = new InMemoryObjectStore(Time);
        Metadata = new InMemoryMetadataStore();
        Index = new InMemorySearchIndex();
        Queue = new InMemoryMessageQueue(Time, maxReceiveCount);
        PipelineOptions = Options.Create(new PipelineOptions { TempDirectory = _temp.Combine("tmp"), MaxStoredTextChars = 1000, MaxFileSizeBytes = 1_000_000 });
        WorkerOptions = Options.Create(new WorkerOptions
        {
            Concurrency = 2,
            MaxReceiveCount = maxReceiveCount,
            ReceiveWaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(60),
            DrainTimeout = TimeSpan.FromSeconds(5),
        });
        Workspace = new TempWorkspace(PipelineOptions, NullLogger<TempWorkspace>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryObjectStore Objects { get; }

    public InMemoryMetadataStore Metadata { get; }

    public InMemorySearchIndex Index { get; }

    public InMemoryMessageQueue Queue { get; }

    public IOptions<PipelineOptions> PipelineOptions { get; }

    public IOptions<WorkerOptions> WorkerOptions { get; }

    public TempWorkspace Workspace { get; }

    public FakeExtractor Extractor { get; } = new();

    public FakeThumbnailer Thumbnailer { get; } = new();

    public FakeContainerReader Containers { get; } = new();

    public IImageEmbedder Embedder { get; set; } = new NullImageEmbedder();

    public RecordingObserver Observer { get; } = new();

    /// <summary>Shared by the index stage and the worker, as DI wires them (set before creating either).</summary>
    public WorkerSlots Slots { get; set; } = new();

    /// <summary>Path rules and aliases the processor applies (none by default).</summary>
    public PermissionOptions Permissions { get; } = new();

    public DocumentLifecycle Lifecycle => new(
        Metadata, Index, Objects, new DefaultErrorClassifier(), PipelineOptions, Time, NullLogger<DocumentLifecycle>.Instance);

    /// <summary>The processor; with <paramref name="permissionsFromObjects"/>, events without an acl take the object's stored permissions.</summary>
    public DocumentProcessor CreateProcessor(bool permissionsFromObjects = false)
    {
        var index = new IndexStage(Index, PipelineOptions, new DefaultErrorClassifier(), Slots);
        var extract = new ExtractTextStage([Extractor]);
        var thumbnails = new ThumbnailStage(Thumbnailer, Objects, Lifecycle, PipelineOptions, NullLogger<ThumbnailStage>.Instance);
        var embedding = new EmbeddingStage(Embedder, new DefaultErrorClassifier(), PipelineOptions, NullLogger<EmbeddingStage>.Instance);
        return new(
            [
                new DownloadStage(Objects, PipelineOptions),
                new DetectTypeStage(new ExtensionDetector()),
                extract,
                thumbnails,
                embedding,
                index,
                new ChildDocumentsStage([Containers], new ExtensionDetector(), extract, thumbnails, embedding, Index, Metadata, Lifecycle,
                    new DefaultErrorClassifier(), PipelineOptions, NullLogger<ChildDocumentsStage>.Instance, Slots),
            ],
            Metadata, Lifecycle, Workspace, new DefaultErrorClassifier(), Time, NullLogger<DocumentProcessor>.Instance,
            new PermissionResolver(Options.Create(Permissions)),
            new PermissionUpdater(index, CreateRebuilder(new ReindexOptions()), Metadata, Lifecycle, Time),
            permissionsFromObjects ? Objects : null);
    }

    public IndexRebuilder CreateRebuilder(
        ReindexOptions options, IMetadataStore? metadata = null, ISearchIndexVersioning? versioning = null, ISingleWriterIndex? singleWriter = null) => new(
        metadata ?? Metadata, Index, Objects, Embedder, Workspace, new DefaultErrorClassifier(), Options.Create(options), PipelineOptions, Time,
        NullLogger<IndexRebuilder>.Instance, versioning, singleWriter, Originals);

    /// <summary>Originals of files and of members (read out of their file by <see cref="Containers"/>).</summary>
    public DocumentOriginals Originals => new(Objects, new ExtensionDetector(), [Containers], PipelineOptions);

    public MessageHandler CreateHandler() => new(Queue, CreateProcessor(), Lifecycle, [Observer], WorkerOptions, NullLogger<MessageHandler>.Instance);

    public QueueWorker CreateWorker() =>
        new(Queue, CreateHandler(), new DefaultErrorClassifier(), WorkerOptions, Time, NullLogger<QueueWorker>.Instance, workerSlots: Slots);

    public void PutText(string key, string text) => Objects.Put(Bucket, key, Encoding.UTF8.GetBytes(text));

    public FileEvent Created(string key, DateTimeOffset? time = null, string? sequencer = null) =>
        new(FileEventKind.Created, Bucket, key, 1, time ?? Time.GetUtcNow(), sequencer);

    /// <summary>A created event for the stored object, with its ETag and the given permissions (as <c>ingest</c> sends them).</summary>
    public FileEvent CreatedWithAcl(string key, DocumentPermissions? acl) =>
        Created(key) with { ETag = Objects.GetInfoAsync(Bucket, key, CancellationToken.None).Result!.ETag, Acl = acl };

    public FileEvent Deleted(string key, DateTimeOffset? time = null, string? sequencer = null) =>
        new(FileEventKind.Deleted, Bucket, key, null, time ?? Time.GetUtcNow(), sequencer);

    public static string SeedBody(string key, string type = "FILE_UPLOADED", int size = 10) =>
        $$"""{"eventType":"{{type}}","s3Bucket":"{{Bucket}}","s3Key":"{{key}}","fileSize":{{size}},"uploadedAt":"2025-01-30T12:00:00Z"}""";

    public int TempFolderCount() => Directory.Exists(Workspace.BaseDirectory)
        ? Directory.EnumerateDirectories(Workspace.BaseDirectory, "*", SearchOption.AllDirectories).Count(d => Path.GetFileName(d).Length == 32)
        : 0;

    public void Dispose()
    {
        Workspace.Dispose();
        _temp.Dispose();
    }

    internal sealed class ExtensionDetector : IFileTypeDetector
    {
        public Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken) =>
            Task.FromResult(new DetectedType(FileKinds.FromExtension(Path.GetExtension(fileName)), ByContent: false));
    }

    /// <summary>Reads text files; throws what the test scripts for a given file name.</summary>
    internal sealed class FakeExtractor : ITextExtractor
    {
        public Dictionary<string, Exception> Failures { get; } = new(StringComparer.Ordinal);

        public int Calls { get; private set; }

        public Func<CancellationToken, Task>? Gate { get; set; }

        /// <summary>The OCR summary every result carries (null: none, as for a text file).</summary>
        public OcrSummary? Ocr { get; set; }

        /// <summary>Why every result's own text is not read (null: it is), as for a format read by its properties only.</summary>
        public string? Unread { get; set; }

        public bool CanExtract(FileKind kind) => kind is FileKind.Text or FileKind.Pdf;

        public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
        {
            Calls++;
            if (Gate is { } gate)
            {
                await gate(cancellationToken);
            }

            var text = await File.ReadAllTextAsync(filePath, cancellationToken);
            if (Failures.TryGetValue(text, out var failure))
            {
                throw failure;
            }

            return new ExtractionResult(text, "plain", PageCount: 1) { Ocr = Ocr, Unread = Unread };
        }
    }

    /// <summary>
    /// Reads a stand-in container format: a <c>.zip</c> key whose content is lines <c>path=content</c>, '|' in the content
    /// standing for a line break and '~' for '=' (so a nested <c>.zip</c> member is written inline).
    /// </summary>
    internal sealed class FakeContainerReader : IContainerReader
    {
        /// <summary>When set, every container is unreadable (permanent <c>corrupt-archive</c>).</summary>
        public bool Broken { get; set; }

        /// <summary>When set, every reading fails with it.</summary>
        public Exception? Failure { get; set; }

        /// <summary>After this many members the token source is cancelled and the reading ends the way a kill ends it.</summary>
        public (int Members, CancellationTokenSource Crash)? CancelAfter { get; set; }

        public bool CanRead(FileKind kind) => kind == FileKind.Zip;

        public async Task<ContainerSummary> ReadAsync(string filePath, FileKind kind, string workDirectory, ContainerBudget budget,
            Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
        {
            if (Broken)
            {
                throw ProcessingException.Permanent("corrupt-archive", "not a readable archive");
            }

            if (Failure is { } failure)
            {
                throw failure;
            }

            var lines = await File.ReadAllLinesAsync(filePath, cancellationToken);
            var count = 0;
            foreach (var line in lines.Where(l => l.Contains('=', StringComparison.Ordinal)))
            {
                if (!budget.TryTakeMember())
                {
                    return new ContainerSummary(count, [new SkippedMember(line, "too-many-members", "budget spent")]);
                }

                var (path, content) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                var local = Path.Combine(workDirectory, $"member-{++count}{Path.GetExtension(path)}");
                await File.WriteAllTextAsync(local, content.Replace('|', '\n').Replace('~', '='), cancellationToken);
                try
                {
                    await onMember(new ContainedFile(path, local, new FileInfo(local).Length, null), cancellationToken);
                }
                finally
                {
                    File.Delete(local);
                }

                if (CancelAfter is { } crash && crash.Members == count)
                {
                    await crash.Crash.CancelAsync();
                    crash.Crash.Token.ThrowIfCancellationRequested();
                }
            }

            return new ContainerSummary(count, []);
        }
    }

    internal sealed class FakeThumbnailer : IThumbnailer
    {
        public Exception? Failure { get; set; }

        public bool CanRender(FileKind kind) => kind == FileKind.Png;

        public Task<IReadOnlyList<Thumbnail>> CreateAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
            Failure is { } f ? throw f : Task.FromResult<IReadOnlyList<Thumbnail>>([new Thumbnail(256, 256, 128, "webp", "image/webp", new byte[] { 1, 2, 3 })]);
    }

    internal sealed class RecordingObserver : IProcessingObserver
    {
        private readonly Lock _gate = new();

        public List<ProcessingResult> Files { get; } = [];

        public List<(string MessageId, MessageOutcome Outcome, string? Reason)> Messages { get; } = [];

        public void OnFileProcessed(ProcessingResult result)
        {
            lock (_gate)
            {
                Files.Add(result);
            }
        }

        public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
        {
            lock (_gate)
            {
                Messages.Add((message.MessageId, outcome, reason));
            }
        }
    }
}
