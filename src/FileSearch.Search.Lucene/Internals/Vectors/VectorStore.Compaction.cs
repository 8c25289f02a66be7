using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FileSearch.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>Rewriting the log without its dead records, crash-safe: new file, fsync, atomic rename, directory fsync.</summary>
internal sealed partial class VectorStore
{
    /// <summary>The rewritten log before it replaces the live one; a leftover (killed writer) is deleted at open.</summary>
    public const string CompactionFileName = FileName + ".compact";

    /// <summary>Test seam: called with "written" (new file durable, not yet renamed) and "renamed".</summary>
    internal Action<string>? CompactionHook { get; set; }

    /// <summary>Size in bytes of the log file (this writer's view).</summary>
    public long LogBytes
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Refresh();
                return _offset;
            }
        }
    }

    /// <summary>Rewrites the log with live vectors only, whatever its dead share; returns its size before and after.</summary>
    public (long Before, long After) Compact()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var writer = OpenWriter();
            writer.Flush(flushToDisk: true);
            var before = _offset;
            CompactLocked();
            return (before, _offset);
        }
    }

    private long LiveBytes() => (_header?.Length ?? 0) + ((long)_rows.Count * PutRecordLength(Dimension));

    private void CompactLocked()
    {
        var header = NewHeader(Generation(_header) + 1);
        var temp = _path + ".compact";
        try
        {
            long length;
            var offsets = new List<(int Row, long Offset)>(_rows.Count);
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                output.Write(header);
                var handle = _matrix is null ? null : ReadHandle();
                var vector = new float[Dimension];
                foreach (var (id, row) in _rows.OrderBy(r => r.Value))
                {
                    // The full vector comes from the old log (only its codes are in memory).
                    ReadVector(handle!, row, vector);
                    offsets.Add((row, output.Position + PutHeaderBytes));
                    output.Write(PutRecord(id, vector));
                }

                output.Flush(flushToDisk: true);
                length = output.Length;
            }

            CompactionHook?.Invoke("written");
            _writer?.Dispose();
            _writer = null;

            // rename(2) replaces the log atomically: a crash leaves either the old log or the complete new one.
            File.Move(temp, _path, overwrite: true);
            SyncDirectory(Path.GetDirectoryName(_path)!);
            _header = header;
            _offset = length;
            foreach (var (row, offset) in offsets)
            {
                _matrix!.SetPayload(row, offset);
            }

            _reader?.Dispose();
            _reader = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            CompactionHook?.Invoke("renamed");
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private void DeleteStaleCompaction() => File.Delete(Path.Combine(Path.GetDirectoryName(_path)!, CompactionFileName));

    private void Reset()
    {
        _rows.Clear();
        _ids.Clear();
        _matrix = null;
        _version++;
        _changes.Clear(); // every row is another document's from now on: maps of documents to rows start over
    }

    private static byte[] NewHeader(long generation)
    {
        var header = new byte[MagicV2.Length + 8];
        MagicV2.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(MagicV2.Length), generation);
        return header;
    }

    /// <summary>
    /// The generation of a new log: random (below 2^62, so compactions count up from it for ever), so that a log created
    /// anew at the path of another (a reset index) never has the header a reader of the other one compares with.
    /// </summary>
    private static long NewGeneration() => BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(8)) & ((1L << 62) - 1);

    private static long Generation(byte[]? header) =>
        header is { Length: > 8 } ? BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(MagicV2.Length)) : 0;

    /// <summary>The header of the log (v1: magic; v2: magic and generation), or null while it is still being written.</summary>
    private byte[]? ReadHeader(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length < MagicV1.Length)
        {
            return null;
        }

        var magic = new byte[MagicV1.Length];
        if (ReadAt(handle, magic, 0) < magic.Length)
        {
            return null;
        }

        if (magic.AsSpan().SequenceEqual(MagicV1))
        {
            return magic;
        }

        if (!magic.AsSpan().SequenceEqual(MagicV2))
        {
            throw ProcessingException.Permanent("vector-store-corrupt", $"{_path} is not a FileSearch vector log; delete it and run ./filesearch reindex --all");
        }

        var header = new byte[MagicV2.Length + 8];
        return length < header.Length || ReadAt(handle, header, 0) < header.Length ? null : header;
    }

    /// <summary>fsync of the directory, so the rename itself survives a power loss (no managed API for it).</summary>
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.Open(directory, 0);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.Fsync(fd);
        _ = NativeMethods.Close(fd);
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync")]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close")]
        public static partial int Close(int fd);
    }
}

/// <summary>When the vector log is compacted: past <paramref name="DeadShare"/> of dead bytes, once it has <paramref name="MinBytes"/>.</summary>
internal sealed record VectorCompactionPolicy(double DeadShare, long MinBytes)
{
    public static readonly VectorCompactionPolicy Default = new(0.5, 16L * 1024 * 1024);

    public bool ShouldCompact(long fileBytes, long liveBytes) => fileBytes >= MinBytes && fileBytes - liveBytes > DeadShare * fileBytes;
}
