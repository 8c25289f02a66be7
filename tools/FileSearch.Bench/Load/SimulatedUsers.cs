using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace FileSearch.Bench.Load;

/// <summary>The objects the simulated users' events point at (uploaded to the S3 stand-in before the run).</summary>
/// <param name="Bucket">Bucket of the raw files.</param>
/// <param name="Pdfs">Keys and sizes of the PDF objects.</param>
/// <param name="Images">Keys and sizes of the image objects.</param>
internal sealed record LoadTargets(string Bucket, IReadOnlyList<(string Key, long Size)> Pdfs, IReadOnlyList<(string Key, long Size)> Images);

/// <summary>
/// The seed's Locust <c>FileProcessingUser</c>: started at the spawn rate, each user repeatedly picks a task by weight
/// (PDF message 3, image message 2, queue-depth check 1), times it, and waits 1-3 s. A user stops when the run's
/// duration is over or after as many tasks as the duration allows (so no loop is unbounded); a request in progress is
/// finished, not cut off, so it is never counted as a failure of the load generator itself.
/// </summary>
internal sealed class SimulatedUsers(IAmazonSQS sqs, string queueUrl, LoadTargets targets, LoadStatistics statistics, MessageTracker tracker, TimeProvider time)
{
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private int _running;

    /// <summary>Users running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Spawns the users and returns when all have stopped (<paramref name="stop"/> ends the run).</summary>
    public async Task RunAsync(LoadScenario scenario, long startedAt, int seed, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var maxTasks = (int)Math.Ceiling(scenario.Duration / MinWait) + 1;
        var users = new List<Task>(scenario.Users);
        try
        {
            for (var i = 0; i < scenario.Users && !stop.IsCancellationRequested; i++)
            {
                var due = TimeSpan.FromSeconds(i / scenario.SpawnRate) - time.GetElapsedTime(startedAt);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, stop).ConfigureAwait(false);
                }

                users.Add(RunUserAsync(new Random(seed + i), startedAt, maxTasks, stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await Task.WhenAll(users).ConfigureAwait(false);
    }

    /// <summary>Sends one PDF and one image message outside the statistics (the workers' warm-up).</summary>
    public async Task SendWarmUpAsync(CancellationToken cancellationToken)
    {
        foreach (var (objects, mimeType) in new[] { (targets.Pdfs, "application/pdf"), (targets.Images, "image/jpeg") })
        {
            var sentAt = time.GetUtcNow();
            var body = EventBody(targets.Bucket, objects[0].Key, objects[0].Size, sentAt, mimeType);
            var response = await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, body), cancellationToken).ConfigureAwait(false);
            tracker.OnSent(response.MessageId, sentAt);
        }
    }

    private async Task RunUserAsync(Random random, long startedAt, int maxTasks, CancellationToken stop)
    {
        await Task.Yield();
        Interlocked.Increment(ref _running);
        try
        {
            for (var task = 0; task < maxTasks && !stop.IsCancellationRequested; task++)
            {
                var pick = random.Next(6);
                var request = pick switch
                {
                    < 3 => await SendAsync(LoadStatistics.SendPdf, targets.Pdfs, "application/pdf", random, startedAt).ConfigureAwait(false),
                    < 5 => await SendAsync(LoadStatistics.SendImage, targets.Images, "image/jpeg", random, startedAt).ConfigureAwait(false),
                    _ => await CheckDepthAsync(startedAt).ConfigureAwait(false),
                };
                statistics.Record(request);
                var wait = MinWait + ((MaxWait - MinWait) * random.NextDouble());
                await Task.Delay(wait, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<LoadRequest> SendAsync(string name, IReadOnlyList<(string Key, long Size)> objects, string mimeType, Random random, long startedAt)
    {
        var (key, size) = objects[random.Next(objects.Count)];
        var sentAt = time.GetUtcNow();
        var body = EventBody(targets.Bucket, key, size, sentAt, mimeType);
        return await TimeAsync(name, startedAt, async token =>
        {
            var response = await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, body), token).ConfigureAwait(false);
            tracker.OnSent(response.MessageId, sentAt);
        }).ConfigureAwait(false);
    }

    private Task<LoadRequest> CheckDepthAsync(long startedAt) => TimeAsync(LoadStatistics.CheckDepth, startedAt, async token =>
        await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"], token).ConfigureAwait(false));

    private async Task<LoadRequest> TimeAsync(string name, long startedAt, Func<CancellationToken, Task> request)
    {
        var at = time.GetElapsedTime(startedAt);
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(RequestTimeout, time);
        try
        {
            await request(timeout.Token).ConfigureAwait(false);
            return new LoadRequest(name, at, time.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (Exception ex)
        {
            var message = ex.Message.ReplaceLineEndings(" ");
            return new LoadRequest(name, at, time.GetElapsedTime(started).TotalMilliseconds, $"{ex.GetType().Name}: {message}");
        }
    }

    /// <summary>The seed's message: <c>{"eventType":"FILE_UPLOADED","s3Bucket","s3Key","fileSize","uploadedAt","metadata":{"mimeType"}}</c>.</summary>
    internal static string EventBody(string bucket, string key, long size, DateTimeOffset uploadedAt, string mimeType) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["eventType"] = "FILE_UPLOADED",
        ["s3Bucket"] = bucket,
        ["s3Key"] = key,
        ["fileSize"] = size,
        ["uploadedAt"] = uploadedAt.ToString("O", CultureInfo.InvariantCulture),
        ["metadata"] = new Dictionary<string, string> { ["mimeType"] = mimeType },
    });
}
