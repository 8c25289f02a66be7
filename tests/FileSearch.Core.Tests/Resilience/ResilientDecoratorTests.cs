using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using static FileSearch.Core.Tests.Resilience.ResilienceTestHost;

namespace FileSearch.Core.Tests.Resilience;

[Trait("Category", "Unit")]
public class ResilientDecoratorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task SendAsync_TransientFailure_NotRetried()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;
        var inner = Substitute.For<IMessageQueue>();
        inner.SendAsync("m", Arg.Any<CancellationToken>()).Returns(Task.FromException<string>(new TimeoutException("lost")));

        await Assert.ThrowsAsync<TimeoutException>(() => new ResilientMessageQueue(inner, pipelines).SendAsync("m", Ct));

        await inner.Received(1).SendAsync("m", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task DeleteAsync_TransientThenSuccess_Retried()
    {
        var (pipelines, time, provider) = Create();
        await using var _ = provider;
        var inner = Substitute.For<IMessageQueue>();
        var calls = 0;
        inner.DeleteAsync("r", Arg.Any<CancellationToken>())
            .Returns(_ => ++calls == 1 ? Task.FromException(new IOException("reset")) : Task.CompletedTask);

        var run = new ResilientMessageQueue(inner, pipelines).DeleteAsync("r", Ct);
        await WaitUntilAsync(() => calls == 1);
        time.Advance(TimeSpan.FromSeconds(10));
        await run;

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task OpenRangeAsync_AdapterWithoutRanges_SkipsToTheOffsetOfTheWholeStream()
    {
        var (pipelines, _, provider) = Create();
        await using var _ = provider;
        var inner = Substitute.For<IObjectStore>();
        byte[] content = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i % 241))];
        var compressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(content, Ct);
        }

        // A forward-only stream, as an HTTP body.
        inner.OpenReadAsync("b", "k", Arg.Any<CancellationToken>()).Returns(_ =>
            Task.FromResult<Stream>(new System.IO.Compression.GZipStream(new MemoryStream(compressed.ToArray()), System.IO.Compression.CompressionMode.Decompress)));

        await using var stream = await new ResilientObjectStore(inner, pipelines).OpenReadAsync("b", "k", 200_000, 50, Ct);
        var read = new byte[50];
        await stream.ReadExactlyAsync(read, Ct);

        Assert.False(stream.CanSeek);
        Assert.Equal(content[200_000..200_050], read);
    }

    [Fact]
    public async Task PutAsync_RetryRewindsSeekableContent()
    {
        var (pipelines, time, provider) = Create();
        await using var _ = provider;
        var inner = Substitute.For<IObjectStore>();
        var lengths = new List<long>();
        inner.PutAsync("b", "k", Arg.Any<Stream>(), "image/jpeg", Arg.Any<CancellationToken>()).Returns(ci =>
        {
            var s = ci.Arg<Stream>();
            lengths.Add(s.Length - s.Position);
            s.Position = s.Length;
            return lengths.Count == 1 ? Task.FromException(new IOException("reset")) : Task.CompletedTask;
        });
        using var content = new MemoryStream(new byte[10]);

        var run = new ResilientObjectStore(inner, pipelines).PutAsync("b", "k", content, "image/jpeg", Ct);
        await WaitUntilAsync(() => lengths.Count == 1);
        time.Advance(TimeSpan.FromSeconds(10));
        await run;

        Assert.Equal([10L, 10L], lengths);
    }

    [Fact]
    public async Task Decorators_ForwardEveryCallToInner()
    {
        var (pipelines, _, provider) = Create();
        await using var host = provider;
        var queue = Substitute.For<IMessageQueue>();
        var store = Substitute.For<IObjectStore>();
        var metadata = Substitute.For<IMetadataStore>();
        var index = Substitute.For<ISearchIndex>();
        var embedder = Substitute.For<IImageEmbedder>();
        embedder.Dimension.Returns(7);
        embedder.CanEmbed(FileKind.Jpeg).Returns(true);
        var q = new ResilientMessageQueue(queue, pipelines);
        var o = new ResilientObjectStore(store, pipelines);
        var m = new ResilientMetadataStore(metadata, pipelines);
        var i = new ResilientSearchIndex(index, pipelines);
        var e = new ResilientImageEmbedder(embedder, pipelines);
        var id = DocumentId.From("b", "k");
        var message = new QueueMessage("1", "r", "{}", 1, DateTimeOffset.UnixEpoch);

        await q.SendBatchAsync(["a"], Ct);
        await q.ReceiveAsync(1, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1), Ct);
        await q.ChangeVisibilityAsync("r", TimeSpan.FromMinutes(1), Ct);
        await q.DeadLetterAsync(message, "bad", Ct);
        await q.GetCountsAsync(Ct);
        await q.ListDeadLettersAsync(5, Ct);
        await q.RedriveAsync(null, Ct);
        await o.DownloadAsync("b", "k", "/tmp/x", Ct);
        await o.GetInfoAsync("b", "k", Ct);
        await o.OpenReadAsync("b", "k", Ct);
        await o.DeleteAsync("b", "k", Ct);
        _ = o.ListAsync("b", "p", Ct);
        await m.GetAsync(id, Ct);
        await m.SetChildIdsAsync(id, new DocumentVersion(null, DateTimeOffset.UnixEpoch), [id], Ct);
        await m.RemoveAsync(id, Ct);
        await m.FindByPathAsync("k", Ct);
        await m.CountByStatusAsync(Ct);
        _ = m.ListByBucketAsync("b", Ct);
        _ = m.ListByStatusAsync(DocumentStatus.Indexed, Ct);
        await i.DeleteAsync(id, Ct);
        await i.CommitAsync(Ct);
        await i.SearchAsync(new SearchQuery("x"), Ct);
        await i.CountAsync(Ct);
        await e.EmbedAsync("/tmp/a.jpg", FileKind.Jpeg, Ct);

        Assert.Equal((7, true), (e.Dimension, e.CanEmbed(FileKind.Jpeg)));
        Assert.Same(queue, q.Inner);
        Assert.Same(store, o.Inner);
        Assert.Same(metadata, m.Inner);
        Assert.Same(index, i.Inner);
        Assert.Same(embedder, e.Inner);
        await queue.Received(1).RedriveAsync(null, Arg.Any<CancellationToken>());
        await store.Received(1).DeleteAsync("b", "k", Arg.Any<CancellationToken>());
        await metadata.Received(1).CountByStatusAsync(Arg.Any<CancellationToken>());
        await metadata.Received(1).SetChildIdsAsync(id, Arg.Any<DocumentVersion>(), Arg.Is<IReadOnlyList<DocumentId>>(l => l.Single() == id), Arg.Any<CancellationToken>());
        await index.Received(1).CountAsync(Arg.Any<CancellationToken>());
        await embedder.Received(1).EmbedAsync("/tmp/a.jpg", FileKind.Jpeg, Arg.Any<CancellationToken>());
        metadata.Received(1).ListByStatusAsync(DocumentStatus.Indexed, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AddFileSearchResilience_RegisteredAdapters_ResolvedDecoratedOnce()
    {
        var queue = Substitute.For<IMessageQueue>();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(queue);
        services.AddSingleton(_ => Substitute.For<IObjectStore>());
        services.AddSingleton<ISearchIndex, StubIndex>();
        var configuration = new ConfigurationBuilder().Build();

        services.AddFileSearchResilience(configuration);
        services.AddFileSearchResilience(configuration);
        await using var provider = services.BuildServiceProvider();

        var resolved = Assert.IsType<ResilientMessageQueue>(provider.GetRequiredService<IMessageQueue>());
        Assert.Same(queue, resolved.Inner);
        Assert.IsType<ResilientObjectStore>(provider.GetRequiredService<IObjectStore>());
        Assert.IsType<StubIndex>(Assert.IsType<ResilientSearchIndex>(provider.GetRequiredService<ISearchIndex>()).Inner);
        var options = provider.GetRequiredService<IOptionsMonitor<DependencyResilienceOptions>>();
        Assert.Equal((3, TimeSpan.FromSeconds(30)), (options.Get(ResilienceDependencies.Queue).MaxRetries, options.Get(ResilienceDependencies.Queue).Timeout));
        Assert.Equal(TimeSpan.FromMinutes(10), options.Get(ResilienceDependencies.ObjectStore).Timeout);
        Assert.Equal(0, options.Get(ResilienceDependencies.Embeddings).MaxRetries);
    }

    [Fact]
    public async Task AddFileSearchResilience_InvalidOptions_FailValidation()
    {
        var (_, _, provider) = Create(("Resilience:Queue:FailureThreshold", "0"));
        await using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<DependencyResilienceOptions>>().Get(ResilienceDependencies.Queue));

        Assert.Contains("FailureThreshold", error.Message, StringComparison.Ordinal);
    }

    private sealed class StubIndex : ISearchIndex
    {
        public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => Task.FromResult(new SearchResults(0, []));

        public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult(0L);
    }
}
