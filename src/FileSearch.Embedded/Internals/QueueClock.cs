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
    // Set once, under the gate; a reference is read whole, so callers outside the gate never see half of it.
    private volatile Anchor? _anchor;

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
        var anchor = _anchor ?? await AnchorAsync(db, releasedAfterRestart, cancellationToken).ConfigureAwait(false);
        return anchor.OffsetTicks is { } offset ? MonotonicTicks() + offset : time.GetUtcNow().UtcTicks;
    }

    private long MonotonicTicks() => time.GetElapsedTime(0, time.GetTimestamp()).Ticks;

    private async Task<Anchor> AnchorAsync(SqliteDatabase db, Action<int> releasedAfterRestart, CancellationToken cancellationToken)
    {
        await _anchorGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_anchor is { } anchored)
            {
                return anchored;
            }

            if (bootId() is not { Length: > 0 } boot)
            {
                return _anchor = new Anchor(null);
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

            return _anchor = new Anchor(offset);
        }
        finally
        {
            _anchorGate.Release();
        }
    }

    /// <param name="OffsetTicks">From the monotonic clock to UTC for this boot; null: the wall clock (no boot identity).</param>
    private sealed record Anchor(long? OffsetTicks);
}
