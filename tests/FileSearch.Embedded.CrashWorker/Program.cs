// Usage: FileSearch.Embedded.CrashWorker <dataDirectory> <maxReceiveCount> <maxInterruptions>
// Runs the real QueueWorker (MessageHandler, DocumentProcessor, stages) on the embedded SQLite queue, metadata and folder
// store until the queue is idle, then prints "IDLE" and exits 0. Text files are indexed; a PDF makes the "parser" call
// Environment.FailFast, as a native fault in a real parser would: the process dies with the message in flight.
using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var dataDirectory = args[0];
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Embedded:DataDirectory"] = dataDirectory,
    ["Embedded:MaxReceiveCount"] = args[1],
    ["Embedded:QueuePollInterval"] = "00:00:00.020",
    ["Pipeline:TempDirectory"] = Path.Combine(dataDirectory, "tmp"),
    ["Pipeline:MaxInterruptions"] = args[2],
    ["Worker:Concurrency"] = "1",
    ["Worker:ReceiveBatchSize"] = "1",
    ["Worker:ReceiveWaitTime"] = "00:00:00.200",
    ["Worker:VisibilityTimeout"] = "00:00:02",
    ["Worker:MaxReceiveCount"] = args[1],
}).Build();

var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddSingleton<IFileTypeDetector, ExtensionDetector>();
services.AddSingleton<ITextExtractor, PlainTextExtractor>();
services.AddSingleton<ITextExtractor, CrashingPdfParser>();
services.AddSingleton<ISearchIndex, CountingIndex>();
services.AddFileSearchPipeline(configuration);
services.AddEmbeddedStorage(configuration);
await using var provider = services.BuildServiceProvider();

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
await provider.GetRequiredService<QueueWorker>().RunUntilIdleAsync(timeout.Token);
Console.WriteLine(timeout.IsCancellationRequested ? "TIMEOUT" : "IDLE");
return timeout.IsCancellationRequested ? 2 : 0;

internal sealed class ExtensionDetector : IFileTypeDetector
{
    public Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult(new DetectedType(FileKinds.FromExtension(Path.GetExtension(fileName)), ByContent: false));
}

internal sealed class PlainTextExtractor : ITextExtractor
{
    public bool CanExtract(FileKind kind) => kind == FileKind.Text;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
        new(await File.ReadAllTextAsync(filePath, cancellationToken), "plain");
}

internal sealed class CrashingPdfParser : ITextExtractor
{
    public bool CanExtract(FileKind kind) => kind == FileKind.Pdf;

    public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        Console.Out.Flush();
        Environment.FailFast("crash test: the PDF parser hit a native fault");
        return Task.FromResult(new ExtractionResult(string.Empty, "never"));
    }
}

internal sealed class CountingIndex : ISearchIndex
{
    private int _count;

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        Console.WriteLine($"INDEXED {document.Key}");
        return Task.CompletedTask;
    }

    public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the crash worker only indexes");

    public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_count);
}
