using System.Collections.Concurrent;
using FileSearch.Core.Domain;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Makes index writes conditional on the document version: the index reads the version a searcher of the
/// last commit holds, and this ledger what this process wrote since, so "compare, then write" sees every earlier write
/// without opening a near-real-time reader per write. One writing process per index (the claim), and a striped lock per
/// document id in that process, make the comparison and the write one step.
/// </summary>
/// <remarks>
/// Each write is recorded with a sequence number after it reached the writer. A commit takes <see cref="Mark"/> before it
/// starts; every write up to the mark is in that commit, so once searchers see the commit those entries are dropped
/// (<see cref="Forget"/>): the ledger only holds the writes of the current commit interval.
/// </remarks>
internal sealed class VersionLedger
{
    private const int Stripes = 64;

    private readonly Lock[] _locks = Enumerable.Range(0, Stripes).Select(_ => new Lock()).ToArray();
    private readonly ConcurrentDictionary<string, Entry> _recent = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Entries held (the writes since the last commit that searchers see); for tests.</summary>
    public int Count => _recent.Count;

    /// <summary>The lock under which a document's version is compared and its write applied.</summary>
    public Lock For(DocumentId id) => _locks[(uint)StringComparer.Ordinal.GetHashCode(id.Value) % Stripes];

    /// <summary>What this process wrote last for the document, when it is newer than the last commit searchers see.</summary>
    /// <param name="id">The document.</param>
    /// <param name="version">The version written; null when the last write deleted the document or had no version.</param>
    public bool TryGet(DocumentId id, out DocumentVersion? version)
    {
        if (_recent.TryGetValue(id.Value, out var entry))
        {
            version = entry.Version;
            return true;
        }

        version = null;
        return false;
    }

    /// <summary>Records a write that has been applied to the writer (a deletion as a null version).</summary>
    public void Record(DocumentId id, DocumentVersion? version) =>
        _recent[id.Value] = new Entry(version, Interlocked.Increment(ref _sequence));

    /// <summary>The sequence of the last recorded write; take it before a commit starts.</summary>
    public long Mark => Interlocked.Read(ref _sequence);

    /// <summary>Drops the entries of writes up to <paramref name="mark"/>: they are committed and searchers see them.</summary>
    public void Forget(long mark)
    {
        foreach (var pair in _recent)
        {
            if (pair.Value.Sequence <= mark)
            {
                // Removes the pair only if it was not replaced by a later write meanwhile.
                _recent.TryRemove(pair);
            }
        }
    }

    /// <summary>True when an entry of <paramref name="stored"/> version must not be replaced by <paramref name="incoming"/>.</summary>
    public static bool IsNewer(DocumentVersion? stored, DocumentVersion? incoming) =>
        stored is { } s && incoming is { } i && i.IsOlderThan(s);

    private sealed record Entry(DocumentVersion? Version, long Sequence);
}
