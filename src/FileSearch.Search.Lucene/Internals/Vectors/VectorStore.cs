using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Per-document vectors next to the Lucene index: an append-only log (<see cref="FileName"/>) of puts and deletes,
/// replayed into a <see cref="QuantizedMatrix"/>. Only the int8 codes, a scale and the log offset of each vector stay
/// in memory (about dimension + 12 bytes a vector, plus the id maps); the float vectors stay in the log, read back for
/// the exact re-rank of the candidates the quantised scan found (<see cref="Search"/>) and for <see cref="Get"/>.
/// The writer appends and fsyncs before each Lucene commit;
/// readers (other processes) pick up complete records appended since they last looked. A torn record at the end
/// (a killed writer) is ignored by readers and cut off when a writer opens the log. Replaced and deleted vectors leave
/// dead records behind: the log is rewritten (compacted) when they pass a share of the file, see
/// <see cref="Compact"/>; each rewrite gets a new generation in the header so readers know to replay from the start.
/// <para>
/// The offsets in memory always belong to one open file, the one read through (see <see cref="ReadHandle"/>): a store
/// replays the file it holds open and nothing else. A new log starts at a random generation, so a log created anew at the
/// same path (a reset index) never passes for the one a reader replayed, and a file shorter than what was replayed from
/// it is replayed from the start. Records are parsed from bytes read afresh at each look, never from a buffer filled
/// before a writer cut a torn record and wrote other bytes in its place.
/// </para>
/// All vectors share one dimension: a vector of another dimension comes from another embedder, and replaces every
/// vector stored before it (in the writer and in every replay alike), so vectors of two models never meet in a search.
/// </summary>
internal sealed partial class VectorStore : IDisposable
{
    public const string FileName = "filesearch-vectors.log";

    private const byte OpPut = 1;
    private const byte OpDelete = 2;
    private const int IdBytes = 16;

    /// <summary>Offset of the float components in a put record: op, id, dimension.</summary>
    private const int PutHeaderBytes = 1 + IdBytes + 4;

    /// <summary>Largest dimension a put record may declare (larger: not a record, the log is read up to it).</summary>
    private const int MaxDimension = 65_536;

    /// <summary>Bytes read at a time when replaying: at least one record of <see cref="MaxDimension"/>.</summary>
    private const int ReplayChunkBytes = 1 << 20;

    /// <summary>The quantised scan keeps this many candidates per wanted hit for the exact re-rank.</summary>
    internal const int RerankFactor = 10;

    /// <summary>The quantised scan keeps at least this many candidates.</summary>
    internal const int MinCandidates = 100;

    /// <summary>First format: magic only. Still read and appended to; compaction rewrites it as <see cref="MagicV2"/>.</summary>
    private static readonly byte[] MagicV1 = "FSVEC01\n"u8.ToArray();

    /// <summary>Current format: magic followed by an 8-byte generation, changed by every compaction.</summary>
    private static readonly byte[] MagicV2 = "FSVEC02\n"u8.ToArray();

    private readonly System.Threading.Lock _gate = new();
    private readonly string _path;
    private readonly VectorCompactionPolicy _policy;
    private readonly Dictionary<DocumentId, int> _rows = [];
    private readonly List<DocumentId> _ids = [];

    /// <summary>The latest changes of which document holds which row (see <see cref="StoreRows"/>), oldest first.</summary>
    private readonly List<(DocumentId Id, int Row)> _changes = [];

    /// <summary>Number of changes of which document holds which row so far (a reset counts as one).</summary>
    private long _version;
    private QuantizedMatrix? _matrix;
    private FileStream? _writer;

    /// <summary>The log file this store replayed, kept open to read full vectors (a compacted-away file stays readable).</summary>
    private SafeFileHandle? _reader;
    private byte[]? _header;
    private long _offset;

    /// <summary>Whether the writer changed the log since the last <see cref="Flush"/> (nothing to make durable otherwise).</summary>
    private bool _unflushed;
    private bool _disposed;

    public VectorStore(string directory, VectorCompactionPolicy? policy = null)
    {
        _path = Path.Combine(directory, FileName);
        _policy = policy ?? VectorCompactionPolicy.Default;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Refresh();
                return _rows.Count;
            }
        }
    }

    public int Dimension => _matrix?.Dimension ?? 0;

    /// <summary>Times <see cref="Flush"/> made the log durable (for tests).</summary>
    internal int Syncs { get; private set; }

    /// <summary>Bytes this store keeps in memory for its vectors: codes, scales, offsets and the id maps (estimated).</summary>
    public long ResidentBytes
    {
        get
        {
            lock (_gate)
            {
                // Per id: its 32-character string (about 90 bytes), a dictionary entry (24) and a list slot (8).
                return (_matrix?.ResidentBytes ?? 0) + (_ids.Count * 122L);
            }
        }
    }

    /// <summary>Stores (or replaces) a document's vector, L2-normalised.</summary>
    public void Put(DocumentId id, ReadOnlySpan<float> vector)
    {
        var normalised = Normalise(vector);
        lock (_gate)
        {
            var record = PutRecord(id, normalised);
            Append(OpenWriter(), record);
            Apply(id, normalised, _offset + PutHeaderBytes);
            _offset += record.Length;
        }
    }

    /// <summary>Removes a document's vector; nothing happens when it has none.</summary>
    public void Delete(DocumentId id)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            if (!_rows.ContainsKey(id))
            {
                return;
            }

            var record = new byte[1 + IdBytes];
            record[0] = OpDelete;
            Convert.FromHexString(id.Value).CopyTo(record, 1);
            Append(OpenWriter(), record);
            _offset += record.Length;
            Remove(id);
        }
    }

    /// <summary>
    /// Makes the appended records durable (called before the Lucene commit), then compacts the log when its dead share
    /// passes the policy's threshold. Returns true when it compacted.
    /// </summary>
    public bool Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A commit of documents without vectors (text files) costs no fsync of a log they did not change.
            if (_writer is null || !_unflushed)
            {
                return false;
            }

            _writer.Flush(flushToDisk: true);
            _unflushed = false;
            Syncs++;
            if (!_policy.ShouldCompact(_offset, LiveBytes()))
            {
                return false;
            }

            CompactLocked();
            return true;
        }
    }

    public float[]? Get(DocumentId id)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            return _rows.TryGetValue(id, out var row) ? ReadVector(row) : null;
        }
    }

    /// <summary>
    /// The <paramref name="k"/> most similar documents by cosine similarity; <paramref name="allowed"/> filters documents
    /// (null: all). The int8 scan picks <see cref="RerankFactor"/> × k candidates (at least <see cref="MinCandidates"/>),
    /// whose full vectors are read from the log and scored exactly: the scores returned are exact.
    /// </summary>
    public List<(DocumentId Id, float Score)> Search(ReadOnlySpan<float> query, int k, Func<DocumentId, bool>? allowed)
    {
        return SearchRows(query, k, allowed is null ? null : new IdFilter(allowed));
    }

    /// <summary>
    /// As <see cref="Search"/>, with a filter over the store's rows that is
    /// bound while the store holds its lock (see <see cref="IRowFilter"/>), so the rows it maps to cannot change meanwhile.
    /// </summary>
    public List<(DocumentId Id, float Score)> SearchRows(ReadOnlySpan<float> query, int k, IRowFilter? filter)
    {
        var normalised = Normalise(query);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            if (_matrix is null || _rows.Count == 0 || k == 0)
            {
                return [];
            }

            if (_matrix.Dimension != normalised.Length)
            {
                throw ProcessingException.Permanent(
                    "vector-dimension",
                    $"The query vector has {normalised.Length} dimensions but the index holds vectors of {_matrix.Dimension} (another embedder): run 'backfill vectors'");
            }

            var ids = _ids;
            var rowFilter = filter?.Bind(new StoreRows(this));
            var codes = new sbyte[normalised.Length];
            ScalarQuantizer.Quantize(normalised, codes);
            var wanted = (int)Math.Min(int.MaxValue, Math.Max((long)k * RerankFactor, MinCandidates));
            var candidates = _matrix.Search(codes, wanted, rowFilter);
            return [.. Rerank(normalised, candidates, k).Select(r => (ids[r.Row], r.Score))];
        }
    }

    /// <summary>The exact top <paramref name="k"/> of the candidates, reading their vectors from the log in file order.</summary>
    private List<(int Row, float Score)> Rerank(float[] query, List<(int Row, float Score)> candidates, int k)
    {
        var top = new TopK(k);
        var vector = new float[query.Length];
        var handle = ReadHandle();
        foreach (var row in candidates.Select(c => c.Row).OrderBy(_matrix!.Payload))
        {
            ReadVector(handle, row, vector);
            top.Offer(row, TensorPrimitives.Dot(query, vector));
        }

        return top.ToList();
    }

    private float[] ReadVector(int row)
    {
        var vector = new float[_matrix!.Dimension];
        ReadVector(ReadHandle(), row, vector);
        return vector;
    }

    private void ReadVector(SafeFileHandle handle, int row, float[] vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector.AsSpan());
        var offset = _matrix!.Payload(row);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes[read..], offset + read);
            if (n == 0)
            {
                // Offsets only come from the file this handle reads: a shorter file is damage (cut by hand, a bad disk).
                throw ProcessingException.Retryable("index-damaged", $"{_path} ends inside a vector that was read before");
            }

            read += n;
        }
    }

    /// <summary>The handle full vectors are read through: the writer's or the replayed file's.</summary>
    private SafeFileHandle ReadHandle() =>
        _writer?.SafeFileHandle ?? _reader ?? throw new InvalidOperationException("vectors without a log file");

    /// <summary>Number of stored vectors <paramref name="allowed"/> accepts (all when null).</summary>
    public int CountWhere(Func<DocumentId, bool>? allowed)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            return allowed is null ? _rows.Count : _rows.Keys.Count(allowed);
        }
    }

    /// <summary>Number of stored vectors <paramref name="filter"/> accepts (all when null), counted under the store's lock.</summary>
    public int CountRows(IRowFilter? filter)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refresh();
            return filter is null ? _rows.Count : filter.Count(new StoreRows(this));
        }
    }

    /// <summary>Flushes and closes the log; the store refuses every later call (it never reopens a writer of its own).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                _writer?.Flush(flushToDisk: true);
            }
            finally
            {
                _writer?.Dispose();
                _writer = null;
                _reader?.Dispose();
                _reader = null;
            }
        }
    }

    internal static float[] Normalise(ReadOnlySpan<float> vector)
    {
        var norm = vector.Length == 0 ? 0 : TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0)
        {
            throw ProcessingException.Permanent("invalid-vector", "The image vector is empty, zero or not a number");
        }

        var result = new float[vector.Length];
        TensorPrimitives.Divide(vector, norm, result);
        return result;
    }

    /// <summary>Stores a vector's codes, with <paramref name="offset"/> the position of its components in the log.</summary>
    private void Apply(DocumentId id, float[] vector, long offset)
    {
        if (_matrix is not null && _matrix.Dimension != vector.Length)
        {
            Reset(); // another embedder's vectors: the earlier dimension's are no longer comparable
        }

        _matrix ??= new QuantizedMatrix(vector.Length);
        if (_rows.TryGetValue(id, out var row))
        {
            _matrix.Set(row, vector, offset);
            return;
        }

        row = _matrix.Add(vector, offset);
        _rows[id] = row;
        Changed(id, row);
        if (row == _ids.Count)
        {
            _ids.Add(id);
        }
        else
        {
            _ids[row] = id;
        }
    }

    private void Remove(DocumentId id)
    {
        if (_rows.Remove(id, out var row))
        {
            _matrix!.Remove(row);
            Changed(id, -1);
        }
    }

    private static byte[] PutRecord(DocumentId id, ReadOnlySpan<float> vector)
    {
        var record = new byte[PutRecordLength(vector.Length)];
        record[0] = OpPut;
        Convert.FromHexString(id.Value).CopyTo(record, 1);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(1 + IdBytes), vector.Length);
        MemoryMarshal.AsBytes(vector).CopyTo(record.AsSpan(PutHeaderBytes));
        return record;
    }

    private static int PutRecordLength(int dimension) => PutHeaderBytes + (dimension * 4);

    private static DocumentId DocumentIdFrom(ReadOnlySpan<byte> bytes)
    {
        DocumentId.TryParse(Convert.ToHexStringLower(bytes), out var id);
        return id;
    }
}
