namespace FileSearch.Embedded.Internals;

/// <summary>
/// Schema and statements of <c>queue.db</c>. Times are UTC ticks: <c>visible_at</c> on the queue's own clock
/// (<see cref="QueueClock"/>), <c>sent_at</c> and <c>dead_lettered_at</c> on the wall clock (shown to people).
/// </summary>
internal static class QueueSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE messages (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            id            TEXT    NOT NULL UNIQUE,
            body          TEXT    NOT NULL,
            sent_at       INTEGER NOT NULL,
            visible_at    INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            receipt       TEXT    NULL
        );
        CREATE INDEX ix_messages_visible_at ON messages (visible_at);
        CREATE UNIQUE INDEX ix_messages_receipt ON messages (receipt) WHERE receipt IS NOT NULL;
        CREATE TABLE dead_letters (
            seq              INTEGER PRIMARY KEY AUTOINCREMENT,
            id               TEXT    NOT NULL UNIQUE,
            body             TEXT    NOT NULL,
            reason           TEXT    NOT NULL,
            receive_count    INTEGER NOT NULL,
            sent_at          INTEGER NOT NULL,
            dead_lettered_at INTEGER NOT NULL
        );
        """,
        // The sender's W3C trace context (traceparent, tracestate), continued by the worker that processes the message.
        """
        ALTER TABLE messages ADD COLUMN trace_parent TEXT NULL;
        ALTER TABLE messages ADD COLUMN trace_state TEXT NULL;
        """,
        // The anchor of the queue's clock: the boot it belongs to and the offset from the monotonic clock to UTC.
        """
        CREATE TABLE queue_clock (
            id           INTEGER PRIMARY KEY CHECK (id = 1),
            boot_id      TEXT    NOT NULL,
            offset_ticks INTEGER NOT NULL
        );
        """,
    ];

    public const string ReadClock = "SELECT boot_id, offset_ticks FROM queue_clock WHERE id = 1;";

    public const string WriteClock = "INSERT OR REPLACE INTO queue_clock (id, boot_id, offset_ticks) VALUES (1, $boot, $offset);";

    /// <summary>After a restart of the machine: what was in flight or delayed is visible again.</summary>
    public const string ReleaseAfterRestart = "UPDATE messages SET visible_at = $now WHERE visible_at > $now;";

    public const string Insert =
        "INSERT INTO messages (id, body, sent_at, visible_at, trace_parent, trace_state) VALUES ($id, $body, $sentAt, $now, $traceParent, $traceState);";

    public const string AnyVisible = "SELECT EXISTS (SELECT 1 FROM messages WHERE visible_at <= $now);";

    public const string SelectVisible =
        "SELECT seq, id, body, receive_count, sent_at, trace_parent, trace_state FROM messages WHERE visible_at <= $now AND seq > $after ORDER BY seq LIMIT $limit;";

    public const string MarkReceived =
        "UPDATE messages SET receive_count = receive_count + 1, visible_at = $visibleAt, receipt = $receipt WHERE seq = $seq;";

    public const string Delete = "DELETE FROM messages WHERE receipt = $receipt;";

    public const string ChangeVisibility = "UPDATE messages SET visible_at = $visibleAt WHERE receipt = $receipt;";

    public const string DeadLetterBySeq =
        """
        INSERT INTO dead_letters (id, body, reason, receive_count, sent_at, dead_lettered_at)
            SELECT id, body, $reason, receive_count, sent_at, $deadLetteredAt FROM messages WHERE seq = $seq;
        DELETE FROM messages WHERE seq = $seq;
        """;

    public const string DeadLetterByReceipt =
        """
        INSERT INTO dead_letters (id, body, reason, receive_count, sent_at, dead_lettered_at)
            SELECT id, body, $reason, receive_count, sent_at, $now FROM messages WHERE receipt = $receipt AND id = $id;
        """;

    public const string DeleteByReceiptAndId = "DELETE FROM messages WHERE receipt = $receipt AND id = $id;";

    public const string Counts =
        """
        SELECT (SELECT COUNT(*) FROM messages WHERE visible_at <= $now),
               (SELECT COUNT(*) FROM messages WHERE visible_at > $now),
               (SELECT COUNT(*) FROM dead_letters),
               (SELECT MIN(sent_at) FROM messages WHERE visible_at <= $now);
        """;

    public const string ListDeadLetters =
        "SELECT id, body, reason, receive_count, sent_at, dead_lettered_at FROM dead_letters ORDER BY dead_lettered_at, seq LIMIT $limit;";

    public const string RedriveInsert =
        """
        INSERT INTO messages (id, body, sent_at, visible_at, receive_count)
            SELECT id, body, sent_at, $now, 0 FROM dead_letters WHERE $id IS NULL OR id = $id ORDER BY seq;
        """;

    public const string RedriveDelete = "DELETE FROM dead_letters WHERE $id IS NULL OR id = $id;";
}
