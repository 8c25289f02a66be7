using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded;

/// <summary>
/// Document metadata in <c>{DataDirectory}/metadata.db</c>. Writes are conditional on
/// <see cref="DocumentVersion"/> and checked inside a write transaction, so two processes racing on one
/// document cannot let an older event win. Times come back in UTC (the offset is not kept).
/// </summary>
public sealed class SqliteMetadataStore : IMetadataStore, IStorageIntegrity, IDisposable, IAsyncDisposable
{
    private const int PageSize = 64;

    private readonly SqliteDatabase _db;

    public SqliteMetadataStore(IOptions<EmbeddedStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _db = new SqliteDatabase(Path.Combine(value.FullDataDirectory, "metadata.db"), "metadata store", value.BusyTimeout, MetadataSchema.Migrations);
    }

    public async Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Sql(MetadataSchema.SelectById).With("$id", id.Value);
        return await ReadSingleAsync(select, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var select = connection.Sql(MetadataSchema.SelectVersion, transaction).With("$id", record.Id.Value))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                && record.Version.IsOlderThan(new DocumentVersion(reader.GetNullableString(0), reader.GetNullableTime(1))))
            {
                return WriteOutcome.Stale;
            }
        }

        await using (var upsert = connection.Sql(MetadataSchema.Upsert, transaction).WithRecord(record))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return WriteOutcome.Written;
    }

    public async Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = ProcessingAt(connection.Sql(MetadataSchema.SetActiveStage), id, version).With("$stage", stage);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? WriteOutcome.Written : WriteOutcome.Stale;
    }

    public async Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childIds);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = ProcessingAt(connection.Sql(MetadataSchema.SetChildIds), id, version).With("$child_ids", DocumentRecordMapper.WriteIds(childIds));
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? WriteOutcome.Written : WriteOutcome.Stale;
    }

    /// <summary>Reads the stored list and writes it with <paramref name="added"/> in one write transaction.</summary>
    public async Task<WriteOutcome> AddChildIdsAsync(
        DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(added);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        string? stored;
        await using (var select = ProcessingAt(connection.Sql(MetadataSchema.SelectProcessingChildIds, transaction), id, version))
        {
            stored = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        if (stored is null)
        {
            return WriteOutcome.Stale;
        }

        var merged = IMetadataStore.MergeChildIds(DocumentRecordMapper.ReadIds(stored), added);
        await using (var update = ProcessingAt(connection.Sql(MetadataSchema.SetChildIds, transaction), id, version)
            .With("$child_ids", DocumentRecordMapper.WriteIds(merged)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return WriteOutcome.Written;
    }

    /// <summary>Binds the record and the PROCESSING attempt at exactly <paramref name="version"/> that a narrow write or read targets.</summary>
    private static SqliteCommand ProcessingAt(SqliteCommand command, DocumentId id, DocumentVersion version) =>
        command.With("$id", id.Value).With("$processing", DocumentStatus.Processing.ToString())
            .With("$sequencer", version.Sequencer).With("$event_time", version.EventTime.ToTicks());

    public async Task RemoveAsync(DocumentId id, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Sql(MetadataSchema.Delete).With("$id", id.Value);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<DocumentRecord> ListByBucketAsync(
        string bucket, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        var (afterKey, afterId) = (string.Empty, string.Empty);
        while (true)
        {
            var page = await ReadPageAsync(bucket, afterKey, afterId, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            (afterKey, afterId) = (page[^1].Key, page[^1].Id.Value);
        }
    }

    public async IAsyncEnumerable<DocumentRecord> ListByStatusAsync(
        DocumentStatus status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var afterId = string.Empty;
        while (true)
        {
            List<DocumentRecord> page;
            await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var select = connection.Sql(MetadataSchema.SelectStatusPage)
                    .With("$status", status.ToString()).With("$id", afterId).With("$limit", PageSize);
                page = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
            }

            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            afterId = page[^1].Id.Value;
        }
    }

    public async Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrKey);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var byPath = connection.Sql(MetadataSchema.SelectByOriginalPath).With("$path", pathOrKey))
        {
            if (await ReadSingleAsync(byPath, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        await using var byKey = connection.Sql(MetadataSchema.SelectByKey).With("$path", pathOrKey);
        return await ReadSingleAsync(byKey, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<DocumentStatus>().ToDictionary(s => s, _ => 0L);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Sql(MetadataSchema.CountByStatus);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<DocumentStatus>(reader.GetString(0), out var status))
            {
                counts[status] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    /// <inheritdoc/>
    public string StoreName => _db.StoreName;

    /// <inheritdoc/>
    public string Location => _db.Path;

    /// <inheritdoc/>
    public Task<string?> FindDamageAsync(bool thorough, CancellationToken cancellationToken) => _db.FindDamageAsync(thorough, cancellationToken);

    /// <inheritdoc/>
    public bool TakeCleanStopMark() => _db.TakeCleanStopMark();

    /// <inheritdoc/>
    public void MarkCleanStop() => _db.MarkCleanStop();

    public void Dispose() => _db.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<List<DocumentRecord>> ReadPageAsync(string bucket, string afterKey, string afterId, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Sql(MetadataSchema.SelectBucketPage)
            .With("$bucket", bucket).With("$key", afterKey).With("$id", afterId).With("$limit", PageSize);
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<DocumentRecord>> ReadAllAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<DocumentRecord>(PageSize);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(DocumentRecordMapper.Read(reader));
        }

        return page;
    }

    private static async Task<DocumentRecord?> ReadSingleAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? DocumentRecordMapper.Read(reader) : null;
    }
}
