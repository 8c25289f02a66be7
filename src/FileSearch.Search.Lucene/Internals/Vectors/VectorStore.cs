using System.Buffers.Binary;
using System.Numerics.Tensors;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Per-document vectors next to the Lucene index: an append-only log (<see cref="FileName"/>) of puts and deletes,
/// replayed into a contiguous <see cref="VectorMatrix"/>. The writer appends and fsyncs before each Lucene commit;
/// readers (other processes) pick up complete records appended since they last looked. A torn record at the end
/// (a killed writer) is ignored by readers and cut off when a writer opens the log.
/// </summary>
internal sealed class VectorStore : IDisposable
{
    public const string FileName = "filesearch-vectors.log";

    private const byte OpPut = 1;
    private const byte OpDelete = 2;
    private const int IdBytes = 16;
    private static readonly byte[] Magic = "FSVEC01\n"u8.ToArray();

    private readonly System.Threading.Lock _gate = new();
    private readonly string _path;
    private readonly Dictionary<DocumentId, int> _rows = [];
    private readonly List<DocumentId> _ids = [];
    private VectorMatrix? _matrix;
    private FileStream? _writer;
    private long _offset;

    public VectorStore(string directory) => _path = Path.Combine(directory, FileName);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                Refresh();
                return _rows.Count;
            }
        }
    }

    public int Dimension => _matrix?.Dimension ?? 0;

    /// <summary>Stores (or replaces) a document's vector, L2-normalised.</summary>
    public void Put(DocumentId id, ReadOnlySpan<float> vector)
    {
        var normalised = Normalise(vector);
        lock (_gate)
        {
            var writer = OpenWriter();
            if (_matrix is not null && _matrix.Dimension != normalised.Length)
            {
                throw ProcessingException.Permanent(
                    "vector-dimension",
                    $"The image vector has {normalised.Length} dimensions but the index holds {_matrix.Dimension}; reindex with one embedder");
            }

            var record = new byte[1 + IdBytes + 4 + (normalised.Length * 4)];
            record[0] = OpPut;
            Convert.FromHexString(id.Value).CopyTo(record, 1);
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(1 + IdBytes), normalised.Length);
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(normalised.AsSpan()).CopyTo(record.AsSpan(1 + IdBytes + 4));
            writer.Write(record);
            _offset += record.Length;
            Apply(id, normalised);
        }
    }

    /// <summary>Removes a document's vector; nothing happens when it has none.</summary>
    public void Delete(DocumentId id)
    {
        lock (_gate)
        {
            Refresh();
            if (!_rows.ContainsKey(id))
            {
                return;
            }

            var writer = OpenWriter();
            var record = new byte[1 + IdBytes];
            record[0] = OpDelete;
            Convert.FromHexString(id.Value).CopyTo(record, 1);
            writer.Write(record);
            _offset += record.Length;
            Remove(id);
        }
    }

    /// <summary>Makes the appended records durable (called before the Lucene commit).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _writer?.Flush(flushToDisk: true);
        }
    }

    public float[]? Get(DocumentId id)
    {
        lock (_gate)
        {
            Refresh();
            return _rows.TryGetValue(id, out var row) ? _matrix!.Row(row).ToArray() : null;
        }
    }

    /// <summary>Exact k-NN by cosine similarity; <paramref name="allowed"/> filters documents (null: all).</summary>
    public List<(DocumentId Id, float Score)> Search(ReadOnlySpan<float> query, int k, Func<DocumentId, bool>? allowed)
    {
        var normalised = Normalise(query);
        lock (_gate)
        {
            Refresh();
            if (_matrix is null || _rows.Count == 0 || k == 0)
            {
                return [];
            }

            if (_matrix.Dimension != normalised.Length)
            {
                throw ProcessingException.Permanent(
                    "vector-dimension", $"The query vector has {normalised.Length} dimensions but the index holds {_matrix.Dimension}");
            }

            var ids = _ids;
            Func<int, bool>? rowFilter = allowed is null ? null : row => allowed(ids[row]);
            return [.. _matrix.Search(normalised, k, rowFilter).Select(r => (ids[r.Row], r.Score))];
        }
    }

    /// <summary>Number of stored vectors <paramref name="allowed"/> accepts (all when null).</summary>
    public int CountWhere(Func<DocumentId, bool>? allowed)
    {
        lock (_gate)
        {
            Refresh();
            return allowed is null ? _rows.Count : _rows.Keys.Count(allowed);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Flush(flushToDisk: true);
            _writer?.Dispose();
            _writer = null;
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

    private FileStream OpenWriter()
    {
        if (_writer is not null)
        {
            return _writer;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        Refresh();
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length == 0)
        {
            stream.Write(Magic);
            _offset = Magic.Length;
        }

        // Cuts a torn record left by a killed writer; everything before it was replayed by Refresh.
        stream.SetLength(_offset);
        stream.Position = _offset;
        _writer = stream;
        return stream;
    }

    /// <summary>Replays complete records appended since the last look (by this or another process).</summary>
    private void Refresh()
    {
        if (_writer is not null || !File.Exists(_path))
        {
            return;
        }

        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < Magic.Length)
        {
            return;
        }

        if (_offset == 0)
        {
            var magic = new byte[Magic.Length];
            stream.ReadExactly(magic);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw ProcessingException.Permanent("vector-store-corrupt", $"{_path} is not a FileSearch vector log; delete it and run ./filesearch reindex --all");
            }

            _offset = Magic.Length;
        }

        stream.Position = _offset;
        using var reader = new BinaryReader(stream);
        while (TryReadRecord(stream, reader))
        {
            _offset = stream.Position;
        }
    }

    private bool TryReadRecord(FileStream stream, BinaryReader reader)
    {
        var remaining = stream.Length - stream.Position;
        if (remaining < 1 + IdBytes)
        {
            return false;
        }

        var op = reader.ReadByte();
        var id = DocumentIdFrom(reader.ReadBytes(IdBytes));
        if (op == OpDelete)
        {
            Remove(id);
            return true;
        }

        if (op != OpPut || stream.Length - stream.Position < 4)
        {
            return false;
        }

        var dimension = reader.ReadInt32();
        if (dimension <= 0 || dimension > 65_536 || stream.Length - stream.Position < dimension * 4L)
        {
            return false;
        }

        var vector = new float[dimension];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
        if (_matrix is null || _matrix.Dimension == dimension)
        {
            Apply(id, vector);
        }

        return true;
    }

    private void Apply(DocumentId id, float[] vector)
    {
        _matrix ??= new VectorMatrix(vector.Length);
        if (_rows.TryGetValue(id, out var row))
        {
            _matrix.Set(row, vector);
            return;
        }

        row = _matrix.Add(vector);
        _rows[id] = row;
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
        }
    }

    private static DocumentId DocumentIdFrom(byte[] bytes)
    {
        DocumentId.TryParse(Convert.ToHexStringLower(bytes), out var id);
        return id;
    }
}
