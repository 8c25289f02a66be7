using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>
/// Reading and writing the log file: the writer opened (replaying through its own handle), readers replaying what was
/// appended since they last looked, records parsed from bytes read at each look, records appended without a buffer.
/// </summary>
internal sealed partial class VectorStore
{
    private FileStream OpenWriter()
    {
        if (_writer is not null)
        {
            return _writer;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        DeleteStaleCompaction();
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        _unflushed = true; // a header written, a torn record cut
        try
        {
            var handle = stream.SafeFileHandle;
            var header = ReadHeader(handle);
            if (header is null)
            {
                // A new log, or one whose creation was cut short before its header was complete.
                Reset();
                stream.SetLength(0);
                _header = NewHeader(NewGeneration());
                RandomAccess.Write(handle, _header, 0);
                _offset = _header.Length;
            }
            else
            {
                // Replayed through the handle that will write, so every offset in memory belongs to this very file.
                StartOver(handle, header);
                Replay(handle);

                // Cuts a torn record left by a killed writer; everything before it was replayed.
                stream.SetLength(_offset);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        _reader?.Dispose(); // the writer's handle reads the same file from now on
        _reader = null;
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

        var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[]? header;
        try
        {
            header = ReadHeader(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        if (header is null)
        {
            handle.Dispose();
            return;
        }

        if (StartOver(handle, header))
        {
            // First look, or another file at the path since (compacted or created anew): it is the one read from now on.
            _reader?.Dispose();
            _reader = handle;
        }
        else
        {
            handle.Dispose();
        }

        Replay(_reader!);
    }

    /// <summary>
    /// Forgets what was replayed when <paramref name="handle"/> (just opened at the path) is not the file it came from:
    /// nothing was replayed yet, the header differs (another generation), or the file is shorter than what was read from
    /// it. Returns true when it did; replaying then starts after the header.
    /// </summary>
    private bool StartOver(SafeFileHandle handle, byte[] header)
    {
        if ((_reader is not null || _writer is not null) && _header is not null && header.AsSpan().SequenceEqual(_header)
            && RandomAccess.GetLength(handle) >= _offset)
        {
            return false;
        }

        Reset();
        _header = header;
        _offset = header.Length;
        return true;
    }

    /// <summary>
    /// Applies the complete records from <see cref="_offset"/> to the end of the file, read from it now (not from bytes
    /// buffered at an earlier look, which a writer may have cut and replaced since), and advances the offset past them.
    /// </summary>
    private void Replay(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length - _offset < 1 + IdBytes)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length - _offset, ReplayChunkBytes));
        try
        {
            while (_offset < length)
            {
                var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - _offset));
                chunk = chunk[..ReadAt(handle, chunk, _offset)];
                var used = 0;
                while (TryApplyRecord(chunk[used..], _offset + used, out var size))
                {
                    used += size;
                }

                _offset += used;
                if (used == 0)
                {
                    return; // a record not complete yet: the next look goes on from here
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Applies the record at the start of <paramref name="data"/> (found at <paramref name="position"/>) when it is complete.</summary>
    private bool TryApplyRecord(ReadOnlySpan<byte> data, long position, out int size)
    {
        size = 0;
        if (data.Length < 1 + IdBytes)
        {
            return false;
        }

        var op = data[0];
        var id = DocumentIdFrom(data.Slice(1, IdBytes));
        if (op == OpDelete)
        {
            Remove(id);
            size = 1 + IdBytes;
            return true;
        }

        if (op != OpPut || data.Length < PutHeaderBytes)
        {
            return false;
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(1 + IdBytes, 4));
        if (dimension is <= 0 or > MaxDimension || data.Length < PutRecordLength(dimension))
        {
            return false;
        }

        var vector = MemoryMarshal.Cast<byte, float>(data.Slice(PutHeaderBytes, dimension * 4)).ToArray();
        Apply(id, vector, position + PutHeaderBytes);
        size = PutRecordLength(dimension);
        return true;
    }

    /// <summary>Reads from <paramref name="offset"/> until <paramref name="buffer"/> is full or the file ends; returns the bytes read.</summary>
    private static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[read..], offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }

    /// <summary>
    /// Writes a record at the end of the last complete one, straight to the file (no buffer): an offset is kept only for
    /// bytes the file holds, and a write that fails part-way (disk full) leaves no bytes a later record does not replace.
    /// </summary>
    private void Append(FileStream writer, byte[] record)
    {
        _unflushed = true;
        try
        {
            RandomAccess.Write(writer.SafeFileHandle, record, _offset);
        }
        catch (IOException)
        {
            try
            {
                writer.SetLength(_offset); // readers never see the torn record; the next one starts where it did
            }
            catch (IOException)
            {
                // The next record overwrites it all the same.
            }

            throw;
        }
    }
}
