using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Search.OpenSearch.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.OpenSearch;

/// <summary>
/// <see cref="ISearchIndex"/> over an OpenSearch cluster (REST). Writes are buffered into <c>_bulk</c> requests of at
/// most <see cref="OpenSearchOptions.BulkMaxBytes"/> and sent when the buffer is full or on <see cref="CommitAsync"/>.
/// Reads and writes go through the alias <see cref="OpenSearchOptions.IndexName"/>, created on first use. A rebuild
/// (<see cref="BeginRebuildAsync"/>) fills the next versioned index and moves the alias to it in one atomic request.
/// </summary>
public sealed partial class OpenSearchSearchIndex : ISearchIndex, ISearchIndexVersioning, IDisposable
{
    private readonly OpenSearchTransport _transport;
    private readonly OpenSearchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OpenSearchSearchIndex> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(string Id, string Lines)> _pending = [];
    private readonly string _target;
    private int _pendingBytes;
    private bool _ensured;
    private bool _versionMappingAdded;

    public OpenSearchSearchIndex(HttpClient http, IOptions<OpenSearchOptions> options, TimeProvider timeProvider, ILogger<OpenSearchSearchIndex> logger)
        : this(new OpenSearchTransport(http, options?.Value ?? throw new ArgumentNullException(nameof(options))), options.Value, timeProvider, logger,
            options.Value.IndexName)
    {
    }

    /// <summary>An index whose writes go to <paramref name="target"/> (a concrete index being rebuilt), which already exists.</summary>
    private OpenSearchSearchIndex(OpenSearchTransport transport, OpenSearchOptions options, TimeProvider timeProvider, ILogger<OpenSearchSearchIndex> logger, string target)
    {
        _options = options;
        _transport = transport;
        _time = timeProvider;
        _logger = logger;
        _target = target;
        _ensured = target != options.IndexName;
    }

    /// <summary>
    /// Creates the versioned index (from the embedded template) with its alias unless the alias exists; an existing index
    /// whose mapping records an older analysis than the template's (<c>_meta.filesearch.analysis</c>) is logged, as it
    /// meets fewer notation variants until <c>reindex --all</c>.
    /// </summary>
    public async Task EnsureIndexAsync(CancellationToken cancellationToken)
    {
        if (_ensured)
        {
            return;
        }

        var alias = _options.IndexName;
        // https://docs.opensearch.org/latest/api-reference/index-apis/get-mapping/ : { "<index>": { "mappings": { "_meta": ... } } }
        var (status, mapping) = await _transport.SendAsync(HttpMethod.Get, $"/{alias}/_mapping", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            var (created, body) = await _transport.SendAsync(HttpMethod.Put, $"/{_options.VersionedIndexName}",
                IndexTemplate.Build(_options), cancellationToken).ConfigureAwait(false);
            var raced = body?["error"]?["type"]?.GetValue<string>() == "resource_already_exists_exception";
            if (!IsSuccess(created) && !raced)
            {
                throw ProcessingException.Permanent("index-create-failed",
                    $"Could not create OpenSearch index {_options.VersionedIndexName}: {ResponseParser.ErrorSummary(body)}");
            }

            Log.IndexCreated(_logger, _options.VersionedIndexName, alias);
        }
        else if (!IsSuccess(status))
        {
            // 5xx, 429 and 401/403 were already thrown as retryable by the transport; any other refusal (400: an index name
            // OpenSearch does not accept) says nothing about whether the index exists, so nothing may be written to it.
            throw ProcessingException.Permanent("index-check-failed",
                $"OpenSearch refused GET /{alias}/_mapping with {(int)status}: {ResponseParser.ErrorSummary(mapping)}");
        }
        else
        {
            Log.IndexExists(_logger, alias);
            foreach (var (index, version) in ResponseParser.AnalysisVersions(mapping).Where(v => v.Version < IndexTemplate.AnalysisVersion))
            {
                Log.AnalysisOutdated(_logger, index, version, IndexTemplate.AnalysisVersion);
            }
        }

        _ensured = true;
    }

    public Task IndexAsync(IndexDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Vector is { IsEmpty: false } v && v.Length != _options.EffectiveVectorDimension)
        {
            throw ProcessingException.Permanent("index-vector-dimension",
                $"Vector has {v.Length} dimensions but the index's vector field has {_options.EffectiveVectorDimension} (OpenSearch:VectorDimension)");
        }

        if (document.Version is { } version)
        {
            // Conditional on the version: a scripted upsert that keeps an entry of a newer version (result "noop").
            var update = Update(document.Id);
            return EnqueueAsync(document.Id.Value,
                $"{update.ToJsonString()}\n{RequestBodies.ConditionalUpsert(document, version).ToJsonString()}\n", cancellationToken);
        }

        var action = new JsonObject { ["index"] = new JsonObject { ["_id"] = document.Id.Value } };
        return EnqueueAsync(document.Id.Value, $"{action.ToJsonString()}\n{RequestBodies.Source(document).ToJsonString()}\n", cancellationToken);
    }

    public Task DeleteAsync(DocumentId id, DocumentVersion upTo, CancellationToken cancellationToken)
    {
        // A scripted update that deletes unless a newer version is indexed; a missing entry answers document_missing_exception.
        var update = Update(id);
        return EnqueueAsync(id.Value, $"{update.ToJsonString()}\n{RequestBodies.ConditionalDelete(upTo).ToJsonString()}\n", cancellationToken);
    }

    public Task DeleteAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var action = new JsonObject { ["delete"] = new JsonObject { ["_id"] = id.Value } };
        return EnqueueAsync(id.Value, $"{action.ToJsonString()}\n", cancellationToken);
    }

    /// <summary>
    /// A bulk <c>update</c> action. An update reads, runs the script and writes; when another write of the same document
    /// lands in between, OpenSearch runs it again up to <c>retry_on_conflict</c> times instead of failing the item.
    /// </summary>
    private static JsonObject Update(DocumentId id) =>
        new() { ["update"] = new JsonObject { ["_id"] = id.Value, ["retry_on_conflict"] = 5 } };

    /// <summary>Sends buffered writes; with <c>Refresh = wait_for</c> returns once they are searchable.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var (status, body) = await _transport.SendAsync(HttpMethod.Get, $"/{_options.IndexName}/_count", null, cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, body, "count");
        return body?["count"]?.GetValue<long>() ?? 0;
    }

    public void Dispose() => _gate.Dispose();

    private async Task EnqueueAsync(string id, string lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var bytes = Encoding.UTF8.GetByteCount(lines);
            if (_pending.Count > 0 && _pendingBytes + bytes > _options.BulkMaxBytes)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            _pending.Add((id, lines));
            _pendingBytes += bytes;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    /// <summary>Throws a permanent error naming the operation and OpenSearch's error unless the status is 2xx.</summary>
    internal static void ThrowUnlessSuccess(HttpStatusCode status, JsonNode? body, string operation)
    {
        if (!IsSuccess(status))
        {
            throw ProcessingException.Permanent("index-request-rejected",
                $"OpenSearch rejected the {operation} request ({(int)status}): {ResponseParser.ErrorSummary(body)}");
        }
    }
}
