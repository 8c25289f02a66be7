using BenchmarkDotNet.Attributes;
using FileSearch.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Benchmarks;

/// <summary>
/// The embedded SQLite queue (WAL, durable): a round trip of ten messages (send, receive, delete each), one message
/// per call as a naive consumer does vs batches of ten (SendBatch, Receive(10)) as the worker does.
/// </summary>
[BenchmarkCategory("queue")]
public class QueueBenchmarks : IDisposable
{
    private const int Messages = 10;
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(5);
    private readonly string _body = """{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"nas"},"object":{"key":"contracts/2025/契約書.pdf","size":135126}}}]}""";
    private readonly List<string> _bodies = [];
    private string _directory = string.Empty;
    private SqliteMessageQueue? _queue;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("filesearch-bench-queue-").FullName;
        var options = Options.Create(new EmbeddedStorageOptions { DataDirectory = _directory });
        _queue = new SqliteMessageQueue(options, TimeProvider.System, NullLogger<SqliteMessageQueue>.Instance);
        _bodies.AddRange(Enumerable.Repeat(_body, Messages));
    }

    [Benchmark(Baseline = true, Description = "one message per call")]
    public async Task<int> OneAtATime()
    {
        var done = 0;
        for (var i = 0; i < Messages; i++)
        {
            await _queue!.SendAsync(_body, CancellationToken.None).ConfigureAwait(false);
        }

        for (var i = 0; i < Messages; i++)
        {
            foreach (var message in await _queue!.ReceiveAsync(1, TimeSpan.Zero, Visibility, CancellationToken.None).ConfigureAwait(false))
            {
                await _queue.DeleteAsync(message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
                done++;
            }
        }

        return done;
    }

    [Benchmark(Description = "batches of ten (worker)")]
    public async Task<int> Batched()
    {
        await _queue!.SendBatchAsync(_bodies, CancellationToken.None).ConfigureAwait(false);
        var done = 0;
        foreach (var message in await _queue.ReceiveAsync(Messages, TimeSpan.Zero, Visibility, CancellationToken.None).ConfigureAwait(false))
        {
            await _queue.DeleteAsync(message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
            done++;
        }

        return done;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _queue?.Dispose();
        _queue = null;
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }
}
