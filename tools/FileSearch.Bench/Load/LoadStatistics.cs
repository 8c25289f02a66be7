using System.Collections.Concurrent;

namespace FileSearch.Bench.Load;

/// <summary>One request a simulated user made (Locust's request event): what, when, how long, and whether it failed.</summary>
/// <param name="Name">send_pdf_message, send_image_message or check_queue_depth.</param>
/// <param name="At">Time since the run started.</param>
/// <param name="Milliseconds">Response time.</param>
/// <param name="Error">Null on success, else the failure in one line.</param>
internal sealed record LoadRequest(string Name, TimeSpan At, double Milliseconds, string? Error);

/// <summary>One sample of the queue over time.</summary>
/// <param name="At">Time since the run started.</param>
/// <param name="Users">Simulated users running.</param>
/// <param name="Visible">ApproximateNumberOfMessages.</param>
/// <param name="InFlight">ApproximateNumberOfMessagesNotVisible.</param>
/// <param name="OldestAgeSeconds">Age of the oldest message this run sent and the workers have not finished (0 when none).</param>
/// <param name="Sent">Messages sent so far.</param>
/// <param name="Finished">Messages the workers finished so far (completed or dead-lettered).</param>
internal sealed record QueueSample(TimeSpan At, int Users, long Visible, long InFlight, double OldestAgeSeconds, long Sent, long Finished);

/// <summary>Thread-safe store of the run's requests and queue samples, with the summary figures.</summary>
internal sealed class LoadStatistics
{
    public const string SendPdf = "send_pdf_message";
    public const string SendImage = "send_image_message";
    public const string CheckDepth = "check_queue_depth";

    private readonly ConcurrentQueue<LoadRequest> _requests = new();
    private readonly ConcurrentQueue<QueueSample> _samples = new();

    public void Record(LoadRequest request) => _requests.Enqueue(request);

    public void Record(QueueSample sample) => _samples.Enqueue(sample);

    public IReadOnlyList<LoadRequest> Requests => [.. _requests.OrderBy(r => r.At)];

    public IReadOnlyList<QueueSample> Samples => [.. _samples.OrderBy(s => s.At)];

    public static bool IsSend(LoadRequest request) => request.Name is SendPdf or SendImage;

    public IReadOnlyList<LoadRequest> Sends => [.. Requests.Where(IsSend)];

    public int Failures => _requests.Count(r => r.Error is not null);

    public long MaxDepth => _samples.IsEmpty ? 0 : _samples.Max(s => s.Visible + s.InFlight);

    public double MaxOldestAgeSeconds => _samples.IsEmpty ? 0 : _samples.Max(s => s.OldestAgeSeconds);

    /// <summary>The <paramref name="percentile"/> (0-100) of <paramref name="values"/> by the nearest-rank method; 0 when empty.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
