using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Permissions;
using FileSearch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// The production host (<see cref="FileSearchHost"/>, the same DI as <c>ingest</c> and <c>worker</c>) over a fresh
/// temporary data directory, removed on dispose, so a benchmark never touches the user's index or OCR page cache.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchHost(IHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _host.Services;

    public string DataDirectory { get; }

    /// <summary>Builds and starts the host; <paramref name="concurrency"/> overrides <c>Worker:Concurrency</c> when set.</summary>
    public static async Task<BenchHost> StartAsync(bool verbose, int? concurrency, Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), $"filesearch-bench-{Guid.NewGuid():N}");
        PrivateDataDirectory.Create(data);
        var builder = FileSearchHost.CreateBuilder(new CliContext(data, verbose), LogLevel.Warning);
        if (concurrency is { } n)
        {
            builder.Configuration.AddInMemoryCollection([new("Worker:Concurrency", n.ToString(CultureInfo.InvariantCulture))]);
        }

        configure?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            // The SQLite databases (queue, metadata) come into being before either side's clock starts: a data directory
            // is created once, not on every run, and the pipeline would otherwise pay for one database more than the baseline.
            await host.Services.Get<IMessageQueue>().GetCountsAsync(cancellationToken).ConfigureAwait(false);
            await host.Services.Get<IMetadataStore>().GetAsync(DocumentId.From("bench", "warm-up"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            Directory.Delete(data, recursive: true);
            throw;
        }

        return new BenchHost(host, data);
    }

    /// <summary>
    /// The documents the metadata store holds as INDEXED in <paramref name="bucket"/> by key (type, pages, text as stored),
    /// and the index's document count.
    /// </summary>
    public async Task<(IReadOnlyDictionary<string, StoredDocument> Documents, long IndexCount)> IndexedAsync(string bucket, CancellationToken cancellationToken)
    {
        var documents = new SortedDictionary<string, StoredDocument>(StringComparer.Ordinal);
        await foreach (var record in Services.Get<IMetadataStore>().ListByBucketAsync(bucket, cancellationToken).ConfigureAwait(false))
        {
            if (record.Status == DocumentStatus.Indexed)
            {
                documents[record.Key] = StoredDocument.From(record);
            }
        }

        return (documents, await Services.Get<ISearchIndex>().CountAsync(cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (_host.Services is IAsyncDisposable services)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }

            _host.Dispose();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
