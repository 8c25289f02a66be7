using System.Text.Json;
using FileSearch.Core.Ports;

namespace FileSearch.Aws.Spot;

/// <summary>What a worker was processing when it was told to stop, and why.</summary>
public sealed record WorkerStopState(string Reason, DateTimeOffset StoppedAt, DateTimeOffset? Deadline, IReadOnlyList<InFlightEntry> InFlight);

/// <summary>One message that was being processed.</summary>
public sealed record InFlightEntry(string MessageId, int ReceiveCount, string Body);

/// <summary>Reads and writes <see cref="WorkerStopState"/> as JSON; written atomically (temp file, then rename).</summary>
public static class WorkerStateFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task WriteAsync(string path, WorkerStopState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(state, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Returns the state a previous run left and removes the file; null when there is none or it is unreadable.</summary>
    public static async Task<WorkerStopState?> TakeAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WorkerStopState>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), Json);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static WorkerStopState Capture(string reason, DateTimeOffset now, DateTimeOffset? deadline, IEnumerable<QueueMessage> inFlight) =>
        new(reason, now, deadline, inFlight.Select(m => new InFlightEntry(m.MessageId, m.ReceiveCount, m.Body.Length <= 2048 ? m.Body : m.Body[..2048])).ToList());
}
