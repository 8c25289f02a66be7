using System.Globalization;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded;

/// <summary>One receive attempt: picks visible messages in send order inside one write transaction.</summary>
public sealed partial class SqliteMessageQueue
{
    private async Task<IReadOnlyList<QueueMessage>> ReceiveOnceAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var now = await QueueNowAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);

        // A cheap read first: idle pollers must not take the write lock several times a second.
        await using (var any = connection.Sql(QueueSchema.AnyVisible).With("$now", now))
        {
            if (Convert.ToInt64(await any.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        var delivered = new List<QueueMessage>(maxMessages);
        var deadLettered = new List<(string Id, int ReceiveCount)>();
        await using (var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            // The clock is read again under the lock: the wait for it may have been long.
            now = await QueueNowAsync(cancellationToken).ConfigureAwait(false);
            var visibleAt = now + visibilityTimeout.Ticks;
            long after = 0;
            while (delivered.Count < maxMessages)
            {
                var candidates = await SelectVisibleAsync(connection, transaction, now, after, maxMessages - delivered.Count, cancellationToken)
                    .ConfigureAwait(false);
                if (candidates.Count == 0)
                {
                    break;
                }

                foreach (var row in candidates)
                {
                    after = row.Seq;
                    if (row.ReceiveCount >= _maxReceiveCount)
                    {
                        await DeadLetterAsync(connection, transaction, row.Seq, MaxReceivesReason, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                        deadLettered.Add((row.Id, row.ReceiveCount));
                        continue;
                    }

                    var receipt = Guid.NewGuid().ToString("N");
                    await using var mark = connection.Sql(QueueSchema.MarkReceived, transaction)
                        .With("$visibleAt", visibleAt).With("$receipt", receipt).With("$seq", row.Seq);
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    delivered.Add(new QueueMessage(row.Id, receipt, row.Body, row.ReceiveCount + 1, row.SentAt) { Trace = row.Trace });
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (id, receiveCount) in deadLettered)
        {
            Log.MessageDeadLettered(_logger, id, receiveCount, MaxReceivesReason);
        }

        return delivered;
    }

    private string MaxReceivesReason =>
        string.Create(CultureInfo.InvariantCulture, $"exceeded maximum receives ({_maxReceiveCount}) without being deleted");

    private static async Task<List<VisibleRow>> SelectVisibleAsync(
        SqliteConnection connection, SqliteTransaction transaction, long now, long after, int limit, CancellationToken cancellationToken)
    {
        await using var select = connection.Sql(QueueSchema.SelectVisible, transaction)
            .With("$now", now).With("$after", after).With("$limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<VisibleRow>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new VisibleRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetTime(4),
                MessageTraceContext.From(reader.GetNullableString(5), reader.GetNullableString(6))));
        }

        return rows;
    }

    private static async Task DeadLetterAsync(
        SqliteConnection connection, SqliteTransaction transaction, long seq, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var move = connection.Sql(QueueSchema.DeadLetterBySeq, transaction)
            .With("$seq", seq).With("$reason", reason).With("$deadLetteredAt", now.ToTicks());
        await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private readonly record struct VisibleRow(long Seq, string Id, string Body, int ReceiveCount, DateTimeOffset SentAt, MessageTraceContext? Trace);
}
