using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace FileSearch.Core.Tests.Pipeline.Stages;

[Trait("Category", "Unit")]
public class ThumbnailStageTests
{
    private readonly IThumbnailer _thumbnailer = Substitute.For<IThumbnailer>();
    private readonly IObjectStore _store = Substitute.For<IObjectStore>();

    public ThumbnailStageTests()
    {
        _thumbnailer.CanRender(Arg.Any<FileKind>()).Returns(true);
        _thumbnailer.CreateAsync(Arg.Any<string>(), Arg.Any<FileKind>(), Arg.Any<CancellationToken>())
            .Returns([new Thumbnail(256, 256, 100, "webp", "image/webp", new byte[] { 1 })]);
    }

    [Fact]
    public async Task ExecuteAsync_ThumbnailBucketMissing_DegradedNotFailed()
    {
        _store.PutAsync(default!, default!, default!, default!, default).ReturnsForAnyArgs(
            Task.FromException(ProcessingException.Permanent("bucket-not-found", "Bucket 'filesearch-thumbnails' does not exist")));

        var result = await CreateSut().ExecuteAsync(Context(), CancellationToken.None);

        Assert.Equal(StageStatus.Degraded, result.Status);
        Assert.Contains("does not exist", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_TransientStorageError_Propagates()
    {
        _store.PutAsync(default!, default!, default!, default!, default).ReturnsForAnyArgs(
            Task.FromException(ProcessingException.Retryable("slow-down", "SlowDown")));

        await Assert.ThrowsAsync<ProcessingException>(() => CreateSut().ExecuteAsync(Context(), CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_TextFileWithCardsStoredBefore_NothingRenderedOrStoredAndOldCardsDeleted()
    {
        _thumbnailer.CanRender(FileKind.Text).Returns(false);
        var context = Context();
        context.LocalPath = "/tmp/source.txt";
        context.Type = new DetectedType(FileKind.Text, ByContent: true);
        context.Previous = new DocumentRecord
        {
            Id = DocumentId.From("b", "docs/a.txt"),
            Bucket = "b",
            Key = "docs/a.txt",
            Name = "a.txt",
            Kind = FileKind.Text,
            ThumbnailKeys = ["thumbnails/x/256.webp", "thumbnails/x/1024.webp"],
        };

        var result = await CreateSut().ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(StageStatus.Skipped, result.Status);
        Assert.Empty(context.ThumbnailKeys);
        await _thumbnailer.DidNotReceiveWithAnyArgs().CreateAsync(default!, default, default);
        await _store.DidNotReceiveWithAnyArgs().PutAsync(default!, default!, default!, default!, default);
        await _store.Received(1).DeleteAsync(Arg.Any<string>(), "thumbnails/x/256.webp", Arg.Any<CancellationToken>());
        await _store.Received(1).DeleteAsync(Arg.Any<string>(), "thumbnails/x/1024.webp", Arg.Any<CancellationToken>());
    }

    private ThumbnailStage CreateSut()
    {
        var options = Options.Create(new PipelineOptions { TempDirectory = Path.GetTempPath() });
        var lifecycle = new DocumentLifecycle(
            new InMemoryMetadataStore(), new InMemorySearchIndex(), _store, new DefaultErrorClassifier(), options, new FakeTimeProvider(), NullLogger<DocumentLifecycle>.Instance);
        return new(_thumbnailer, _store, lifecycle, options, NullLogger<ThumbnailStage>.Instance);
    }

    private static ProcessingContext Context() =>
        new(new FileEvent(FileEventKind.Created, "b", "docs/a.png", 1), Path.GetTempPath(), new FakeTimeProvider())
        {
            LocalPath = "/tmp/source.png",
            Type = new DetectedType(FileKind.Png, ByContent: true),
        };
}
