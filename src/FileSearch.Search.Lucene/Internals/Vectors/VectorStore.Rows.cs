using System.Runtime.InteropServices;
using FileSearch.Core.Domain;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Which document holds which row, for filters kept in row space (<see cref="IRowFilter"/>): every change of it (a
/// document given a row, a row freed, a reset) counts one <see cref="StoreRows.Version"/>, and the latest
/// <see cref="MaxChanges"/> changes are kept, so a map of documents to rows built at an earlier version is brought up to
/// date from them instead of being built again.
/// </summary>
internal sealed partial class VectorStore
{
    /// <summary>Changes kept (16 bytes each and the id, 1 MiB and the ids of freed rows); a map older than the oldest kept is built again.</summary>
    internal const int MaxChanges = 1 << 16;

    private void Changed(DocumentId id, int row)
    {
        _version++;
        if (_changes.Count == MaxChanges)
        {
            _changes.RemoveRange(0, MaxChanges / 2);
        }

        _changes.Add((id, row));
    }

    /// <summary>
    /// The store's rows while it holds its lock: given to <see cref="IRowFilter"/> only for the call, so nothing it reads
    /// (which document holds which row) changes before the scan or count that follows has used it.
    /// </summary>
    internal readonly struct StoreRows(VectorStore store)
    {
        /// <summary>The store these rows belong to (a map built for another store, before a reset of the index, is void).</summary>
        public object Owner => store;

        /// <summary>Changes of which document holds which row so far.</summary>
        public long Version => store._version;

        /// <summary>The oldest version <see cref="ChangesSince"/> can bring up to date.</summary>
        public long OldestVersion => store._version - store._changes.Count;

        /// <summary>Rows in use or free: every row number is below it.</summary>
        public int Capacity => store._ids.Count;

        /// <summary>Stored vectors.</summary>
        public int Count => store._rows.Count;

        /// <summary>The document's row, or -1 when it has no vector.</summary>
        public int RowOf(DocumentId id) => store._rows.TryGetValue(id, out var row) ? row : -1;

        /// <summary>The document holding a row (meaningless for a free row).</summary>
        public DocumentId IdOf(int row) => store._ids[row];

        /// <summary>
        /// The changes after <paramref name="version"/> (at least <see cref="OldestVersion"/>), oldest first: a document and
        /// the row it holds from then on (-1: none).
        /// </summary>
        public ReadOnlySpan<(DocumentId Id, int Row)> ChangesSince(long version)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(version, OldestVersion);
            var changes = CollectionsMarshal.AsSpan(store._changes);
            return changes[(int)(version - OldestVersion)..];
        }
    }

    /// <summary>A document filter applied to rows through their ids (one id lookup per row asked about).</summary>
    private sealed class IdFilter(Func<DocumentId, bool> allowed) : IRowFilter
    {
        public Func<int, bool> Bind(StoreRows rows) => row => allowed(rows.IdOf(row));

        public int Count(StoreRows rows)
        {
            var count = 0;
            for (var row = 0; row < rows.Capacity; row++)
            {
                if (rows.RowOf(rows.IdOf(row)) == row && allowed(rows.IdOf(row)))
                {
                    count++;
                }
            }

            return count;
        }
    }
}

/// <summary>
/// A filter of the vector store's rows. The store binds it while it holds its lock, once per scan or count, so the rows
/// it selects belong to the documents they belonged to when it was bound.
/// </summary>
internal interface IRowFilter
{
    /// <summary>Whether a row is accepted; asked only about rows in use.</summary>
    Func<int, bool> Bind(VectorStore.StoreRows rows);

    /// <summary>Number of rows in use that are accepted.</summary>
    int Count(VectorStore.StoreRows rows);
}
