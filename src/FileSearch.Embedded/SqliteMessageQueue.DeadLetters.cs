using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;

namespace FileSearch.Embedded;

/// <summary>Dead-letter table, counts and redrive.</summary>
public sealed partial class SqliteMessageQueue
{
    /// <summary>Longest reason kept; reasons come from exception messages, which can be arbitrarily long.</summary>
    private const int MaxReasonLength = 2000;

    public async Task DeadLetterAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (reason.Length > MaxReasonLength)
        {
            reason = reason[..MaxReasonLength];
        }

        var now = _time.GetUtcNow();
        int moved;
        await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await using (var copy = connection.Sql(QueueSchema.DeadLetterByReceipt, transaction)
                .With("$receipt", message.ReceiptHandle).With("$id", message.MessageId)
                .With("$reason", reason).With("$now", now.ToTicks()))
            {
                moved = await copy.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var delete = connection.Sql(QueueSchema.DeleteByReceiptAndId, transaction)
                .With("$receipt", message.ReceiptHandle).With("$id", message.MessageId))
            {
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (moved == 0)
        {
            Log.DeadLetterStaleReceipt(_logger, message.MessageId);
        }
        else
        {
            Log.MessageDeadLettered(_logger, message.MessageId, message.ReceiveCount, reason);
        }
    }

    public async Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken)
    {
        var now = await QueueNowAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var counts = connection.Sql(QueueSchema.Counts).With("$now", now);
        await using var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new QueueCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetNullableTime(3));
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var list = connection.Sql(QueueSchema.ListDeadLetters).With("$limit", limit);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var letters = new List<DeadLetter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetTime(4), reader.GetTime(5)));
        }

        return letters;
    }

    public async Task<int> RedriveAsync(string? messageId, CancellationToken cancellationToken)
    {
        var now = await QueueNowAsync(cancellationToken).ConfigureAwait(false);
        int count;
        await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await using (var insert = connection.Sql(QueueSchema.RedriveInsert, transaction).With("$id", messageId).With("$now", now))
            {
                count = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var delete = connection.Sql(QueueSchema.RedriveDelete, transaction).With("$id", messageId))
            {
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (count > 0)
        {
            Log.MessagesRedriven(_logger, count, messageId ?? "(all)");
            _sent.Pulse();
        }

        return count;
    }
}
