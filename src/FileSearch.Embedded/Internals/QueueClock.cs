namespace FileSearch.Embedded.Internals;

/// <summary>
/// The clock message visibility is kept on in <c>queue.db</c>. A visibility timeout measured on the wall clock breaks
/// when NTP steps that clock: stepped forwards, messages still being processed become visible early and are processed
/// twice; stepped backwards, messages of a killed worker stay hidden until the clock catches up. This clock is the
/// machine's monotonic clock (the same for every process on it, since boot) plus an offset stored in the database with
/// the boot it belongs to, so every process on the machine reads the same time and it never steps.
/// After a restart of the machine the monotonic clock starts again: the first process anchors a new offset at the
/// wall clock and makes every message that was in flight or delayed before the restart visible again (whoever held
/// it died with the machine). Where there is no boot identity (not Linux), it is the wall clock.
/// The queue's data directory is one machine's: the index beside it refuses network file systems.
/// </summary>
internal sealed class QueueClock(TimeProvider time, Func<string?> bootId)
{
    private const string BootIdPath = "/proc/sys/kernel/random/boot_id";

    private readonly SemaphoreSlim _anchorGate = new(1, 1);
    private long? _offsetTicks;
    private bool _wallClock;

    /// <summary>The identity of the running boot of this machine (Linux), or null.</summary>
    public static string? ReadBootId()
    {
        try
        {
            return File.Exists(BootIdPath) ? File.ReadAllText(BootIdPath).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Now, in UTC ticks of the queue's clock; anchors the clock on first use.</summary>
    public async ValueTask<long> NowAsync(SqliteDatabase db, Action<int> releasedAfterRestart, CancellationToken cancellationToken)
    {
        if (_wallClock)
        {
            return time.GetUtcNow().UtcTicks;
        }

        if (_offsetTicks is not { } offset)
        {
            offset = await AnchorAsync(db, releasedAfterRestart, cancellationToken).ConfigureAwait(false);
            if (_wallClock)
            {
                return time.GetUtcNow().UtcTicks;
            }
        }

        return MonotonicTicks() + offset;
    }

    private long MonotonicTicks() => time.GetElapsedTime(0, time.GetTimestamp()).Ticks;

    private async Task<long> AnchorAsync(SqliteDatabase db, Action<int> releasedAfterRestart, CancellationToken cancellationToken)
    {
        await _anchorGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_offsetTicks is { } anchored)
            {
                return anchored;
            }

            if (bootId() is not { Length: > 0 } boot)
            {
                _wallClock = true;
                return 0;
            }

            await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            long offset;
            await using (var read = connection.Sql(QueueSchema.ReadClock, transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                offset = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetString(0) == boot ? reader.GetInt64(1) : long.MinValue;
            }

            if (offset == long.MinValue)
            {
                var now = time.GetUtcNow().UtcTicks;
                offset = now - MonotonicTicks();
                int released;
                await using (var release = connection.Sql(QueueSchema.ReleaseAfterRestart, transaction).With("$now", now))
                {
                    released = await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var write = connection.Sql(QueueSchema.WriteClock, transaction).With("$boot", boot).With("$offset", offset))
                {
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (released > 0)
                {
                    releasedAfterRestart(released);
                }
            }

            _offsetTicks = offset;
            return offset;
        }
        finally
        {
            _anchorGate.Release();
        }
    }
}
