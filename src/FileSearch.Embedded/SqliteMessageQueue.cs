using System.Globalization;
using System.Text;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded;

/// <summary>
/// A durable work queue in <c>{DataDirectory}/queue.db</c> with SQS semantics (at-least-once delivery,
/// visibility timeout, receive count, redrive to a dead-letter table). Safe for several processes on
/// one file: receives run in <c>BEGIN IMMEDIATE</c> transactions, so a message is never handed to two
/// receivers at once, and a killed process loses nothing (its messages reappear when their visibility expires).
/// Visibility is kept on <see cref="QueueClock"/>, which a wall clock stepped by NTP does not move.
/// See https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
/// </summary>
public sealed partial class SqliteMessageQueue : IMessageQueue, IStorageIntegrity, IDisposable, IAsyncDisposable
{
    /// <summary>Largest body accepted, in UTF-8 bytes (the classic SQS limit, so nothing works here that fails on SQS).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private static readonly TimeSpan MaxWaitTime = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromHours(12);

    private readonly SqliteDatabase _db;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteMessageQueue> _logger;
    private readonly int _maxReceiveCount;
    private readonly TimeSpan _pollInterval;
    private readonly SendSignal _sent = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly QueueClock _clock;
    private int _disposed;

    public SqliteMessageQueue(IOptions<EmbeddedStorageOptions> options, TimeProvider timeProvider, ILogger<SqliteMessageQueue> logger)
        : this(options, timeProvider, logger, QueueClock.ReadBootId)
    {
    }

    /// <summary>A queue whose clock reads the boot identity from <paramref name="bootId"/> (tests simulate a restart with another one).</summary>
    internal SqliteMessageQueue(IOptions<EmbeddedStorageOptions> options, TimeProvider timeProvider, ILogger<SqliteMessageQueue> logger, Func<string?> bootId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = new QueueClock(timeProvider, bootId);
        var value = options.Value;
        _db = new SqliteDatabase(Path.Combine(value.FullDataDirectory, "queue.db"), "queue", value.BusyTimeout, QueueSchema.Migrations);
        _time = timeProvider;
        _logger = logger;
        _maxReceiveCount = value.MaxReceiveCount;
        _pollInterval = value.QueuePollInterval;
    }

    public async Task<string> SendAsync(string body, CancellationToken cancellationToken) =>
        (await SendBatchAsync([body], cancellationToken).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentOutOfRangeException.ThrowIfZero(bodies.Count);
        foreach (var body in bodies)
        {
            ValidateBody(body);
        }

        var sentAt = _time.GetUtcNow();
        var now = await QueueNowAsync(cancellationToken).ConfigureAwait(false);
        var trace = MessageTraceContext.Current();
        var ids = new List<string>(bodies.Count);
        await using (var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await SqliteDatabase.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            foreach (var body in bodies)
            {
                var id = Guid.CreateVersion7(sentAt).ToString("N");
                await using var insert = connection.Sql(QueueSchema.Insert, transaction)
                    .With("$id", id).With("$body", body).With("$sentAt", sentAt.ToTicks()).With("$now", now)
                    .With("$traceParent", (object?)trace?.TraceParent ?? DBNull.Value).With("$traceState", (object?)trace?.TraceState ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                ids.Add(id);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        _sent.Pulse();
        return ids;
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(waitTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(waitTime, MaxWaitTime);
        ValidateVisibility(visibilityTimeout);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = linked.Token;
        var started = _time.GetTimestamp();
        while (true)
        {
            var nextSend = _sent.NextSend;
            var received = await ReceiveOnceAsync(maxMessages, visibilityTimeout, token).ConfigureAwait(false);
            var remaining = waitTime - _time.GetElapsedTime(started);
            if (received.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return received;
            }

            await WaitForSendAsync(nextSend, remaining < _pollInterval ? remaining : _pollInterval, token).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Sql(QueueSchema.Delete).With("$receipt", receiptHandle);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        ValidateVisibility(visibilityTimeout);
        var visibleAt = await QueueNowAsync(cancellationToken).ConfigureAwait(false) + visibilityTimeout.Ticks;
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.Sql(QueueSchema.ChangeVisibility)
            .With("$receipt", receiptHandle).With("$visibleAt", visibleAt);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public string StoreName => _db.StoreName;

    /// <inheritdoc/>
    public string Location => _db.Path;

    /// <inheritdoc/>
    public Task<string?> FindDamageAsync(bool thorough, CancellationToken cancellationToken) => _db.FindDamageAsync(thorough, cancellationToken);

    /// <inheritdoc/>
    public bool TakeCleanStopMark() => _db.TakeCleanStopMark();

    /// <inheritdoc/>
    public void MarkCleanStop() => _db.MarkCleanStop();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.Cancel();
            _db.Dispose();
            _lifetime.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Now on the queue's clock (UTC ticks), for <c>visible_at</c>.</summary>
    private ValueTask<long> QueueNowAsync(CancellationToken cancellationToken) =>
        _clock.NowAsync(_db, released => Log.ReleasedAfterRestart(_logger, released), cancellationToken);

    private static void ValidateBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Message body is larger than {MaxBodyBytes} bytes"), nameof(body));
        }
    }

    private static void ValidateVisibility(TimeSpan visibilityTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visibilityTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visibilityTimeout, MaxVisibilityTimeout);
    }

    private async Task WaitForSendAsync(Task nextSend, TimeSpan delay, CancellationToken cancellationToken)
    {
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, stopDelay.Token);
        await Task.WhenAny(nextSend, timer).ConfigureAwait(false);
        await stopDelay.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
