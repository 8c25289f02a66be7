using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>An in-memory metadata store with the same conditional-write rule as the real ones.</summary>
public sealed class InMemoryMetadataStore : IMetadataStore
{
    private readonly ConcurrentDictionary<DocumentId, DocumentRecord> _records = new();
    private readonly Lock _gate = new();

    public IReadOnlyCollection<DocumentRecord> Records => [.. _records.Values];

    /// <summary>Calls of <see cref="GetAsync"/> so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Awaited before each <see cref="PutAsync"/> writes (a test's way to hold a write back).</summary>
    public Func<DocumentRecord, Task>? BeforePut { get; set; }

    private int _reads;

    public Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_records.TryGetValue(id, out var r) ? r : null);
    }

    public async Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (BeforePut is { } before)
        {
            await before(record);
        }

        return Write(record);
    }

    private WriteOutcome Write(DocumentRecord record)
    {
        lock (_gate)
        {
            if (_records.TryGetValue(record.Id, out var stored) && record.Version.IsOlderThan(stored.Version))
            {
                return WriteOutcome.Stale;
            }

            _records[record.Id] = record;
            return WriteOutcome.Written;
        }
    }

    /// <summary>Counts narrow stage writes (the pipeline must not rewrite the whole record for them).</summary>
    public int ActiveStageWrites { get; private set; }

    public Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ActiveStageWrites++;
            if (!_records.TryGetValue(id, out var stored) || stored.Status != DocumentStatus.Processing
                || stored.Sequencer != version.Sequencer || stored.EventTime != version.EventTime)
            {
                return Task.FromResult(WriteOutcome.Stale);
            }

            _records[id] = stored with { ActiveStage = stage };
            return Task.FromResult(WriteOutcome.Written);
        }
    }

    /// <summary>Counts narrow member-list writes (the members stage lists members in batches, not one write each).</summary>
    public int ChildIdWrites { get; private set; }

    /// <summary>The longest member list a narrow write has stored.</summary>
    public int LongestChildIdList { get; private set; }

    public Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken) =>
        Task.FromResult(WriteChildIds(id, version, _ => [.. childIds]));

    public Task<WriteOutcome> AddChildIdsAsync(
        DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken) =>
        Task.FromResult(WriteChildIds(id, version, stored => IMetadataStore.MergeChildIds(stored, added)));

    private WriteOutcome WriteChildIds(DocumentId id, DocumentVersion version, Func<IReadOnlyList<DocumentId>, IReadOnlyList<DocumentId>> list)
    {
        lock (_gate)
        {
            ChildIdWrites++;
            if (!_records.TryGetValue(id, out var stored) || stored.Status != DocumentStatus.Processing
                || stored.Sequencer != version.Sequencer || stored.EventTime != version.EventTime)
            {
                return WriteOutcome.Stale;
            }

            var childIds = list(stored.ChildIds);
            _records[id] = stored with { ChildIds = childIds };
            LongestChildIdList = Math.Max(LongestChildIdList, childIds.Count);
            return WriteOutcome.Written;
        }
    }

    public Task RemoveAsync(DocumentId id, CancellationToken cancellationToken)
    {
        _records.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var record in _records.Values.Where(r => r.Bucket == bucket && r.ParentId is null).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            yield return record;
        }
    }

    public async IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var record in _records.Values.Where(r => r.Status == status).ToList())
        {
            yield return record;
        }
    }

    public Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken) =>
        Task.FromResult(_records.Values.FirstOrDefault(r => r.OriginalPath == pathOrKey && r.ParentId is null)
            ?? _records.Values.FirstOrDefault(r => r.Key == pathOrKey && r.ParentId is null));

    public Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<DocumentStatus, long>>(_records.Values.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => (long)g.Count()));
}
