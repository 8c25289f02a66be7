using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>The end state of a soak run, compared with its inputs.</summary>
internal sealed record SoakOutcome(int Files, int Indexed, int Lost, int Duplicated, int DeadLettered, IReadOnlyList<string> Problems)
{
    /// <summary>Dead letters that are not poison inputs: valid files, or messages no input explains.</summary>
    public int WronglyDeadLettered { get; init; }

    public bool Passed => Problems.Count == 0;
}

/// <summary>What a finished run left behind, read from the index, the metadata store, the queues and the temp folder.</summary>
/// <param name="IndexEntries">Live index documents per object key.</param>
/// <param name="Records">Metadata records (their statuses) per object key.</param>
/// <param name="DeadLetters">The dead-letter queue's messages.</param>
/// <param name="TempFiles">Files left under the worker's temp folder.</param>
/// <param name="Queue">The work queue's counts.</param>
internal sealed record SoakObservation(
    IReadOnlyDictionary<string, int> IndexEntries,
    IReadOnlyDictionary<string, IReadOnlyList<DocumentStatus>> Records,
    IReadOnlyList<DeadLetter> DeadLetters,
    IReadOnlyList<string> TempFiles,
    QueueCounts Queue);

/// <summary>
/// Checks a finished run: every valid file exactly once in the worker's Lucene index and INDEXED in DynamoDB, no
/// document twice, the dead-letter queue holding exactly the poison inputs, and no temp file left behind.
/// </summary>
internal static class SoakVerifier
{
    public static async Task<SoakOutcome> VerifyAsync(IReadOnlyList<SoakFile> files, SoakEnvironment environment, string workerDataDirectory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(environment);
        var statuses = new Dictionary<string, IReadOnlyList<DocumentStatus>>(StringComparer.Ordinal);
        await foreach (var record in environment.Metadata.ListByBucketAsync(SoakSettings.Bucket, cancellationToken).ConfigureAwait(false))
        {
            statuses[record.Key] = [.. statuses.GetValueOrDefault(record.Key) ?? [], record.Status];
        }

        var letters = await environment.Queue.ListDeadLettersAsync(files.Count + 100, cancellationToken).ConfigureAwait(false);
        var temp = Path.Combine(workerDataDirectory, "tmp");
        var leftovers = System.IO.Directory.Exists(temp) ? System.IO.Directory.GetFiles(temp, "*", SearchOption.AllDirectories) : [];
        var counts = await environment.Queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        return Evaluate(files, new SoakObservation(IndexedKeys(Path.Combine(workerDataDirectory, "index")), statuses, letters, leftovers, counts));
    }

    /// <summary>
    /// Compares what a run left behind with its inputs. Each valid file is either indexed exactly once, duplicated (two
    /// index documents or two metadata records for its key), wrongly dead-lettered, or lost (neither indexed nor
    /// dead-lettered); each poison input must be dead-lettered exactly once.
    /// </summary>
    internal static SoakOutcome Evaluate(IReadOnlyList<SoakFile> files, SoakObservation observation)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(observation);
        var problems = new List<string>();
        var inIndex = observation.IndexEntries;
        var statuses = observation.Records;
        var poison = files.Where(f => f.IsPoison).ToDictionary(f => f.Body ?? f.Key, f => f, StringComparer.Ordinal);
        var lettered = observation.DeadLetters.Select(l => (Letter: l, Id: PoisonId(l.Body))).ToList();
        var wronglyLettered = lettered.Where(l => !poison.ContainsKey(l.Id)).ToList();
        var letteredIds = lettered.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);

        var valid = files.Where(f => !f.IsPoison).Select(f => f.Key).ToList();
        bool HasIndexed(string key) => statuses.GetValueOrDefault(key)?.Contains(DocumentStatus.Indexed) == true;
        var indexed = valid.Count(k => inIndex.GetValueOrDefault(k) == 1 && statuses.GetValueOrDefault(k) is [DocumentStatus.Indexed]);
        var lost = valid.Where(k => !letteredIds.Contains(k) && (inIndex.GetValueOrDefault(k) == 0 || !HasIndexed(k))).ToList();
        var duplicated = inIndex.Where(e => e.Value > 1).Select(e => e.Key)
            .Union(statuses.Where(e => e.Value.Count > 1).Select(e => e.Key), StringComparer.Ordinal).ToList();
        Describe(problems, "lost (neither indexed nor dead-lettered)", lost,
            k => $"{k} (index {inIndex.GetValueOrDefault(k)}, metadata {string.Join('/', statuses.GetValueOrDefault(k) ?? [])})");
        Describe(problems, "duplicated", duplicated,
            k => $"{k} ({inIndex.GetValueOrDefault(k)} index documents, metadata {string.Join('/', statuses.GetValueOrDefault(k) ?? [])})");
        Describe(problems, "dead-lettered but not poison", wronglyLettered, l => $"{l.Id}: {l.Letter.Reason}");
        Describe(problems, "poison not dead-lettered", poison.Keys.Where(k => !letteredIds.Contains(k)).ToList(), k => k);
        Describe(problems, "dead-lettered twice", lettered.GroupBy(l => l.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList(), k => k);
        Describe(problems, "temp files left", observation.TempFiles, f => f);
        if (observation.Queue.Visible + observation.Queue.InFlight > 0)
        {
            problems.Add($"queue not drained: {observation.Queue.Visible} visible, {observation.Queue.InFlight} in flight");
        }

        return new SoakOutcome(files.Count, indexed, lost.Count, duplicated.Count, observation.DeadLetters.Count, problems)
        {
            WronglyDeadLettered = wronglyLettered.Count,
        };
    }

    /// <summary>Live documents per object key in the Lucene index at <paramref name="path"/>.</summary>
    internal static Dictionary<string, int> IndexedKeys(string path)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        using LuceneDirectory directory = FSDirectory.Open(new DirectoryInfo(path));
        if (!DirectoryReader.IndexExists(directory))
        {
            return keys;
        }

        using var reader = DirectoryReader.Open(directory);
        var live = MultiFields.GetLiveDocs(reader);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live is null || live.Get(doc))
            {
                var stored = reader.Document(doc);
                if (stored.Get("bucket") == SoakSettings.Bucket && stored.Get("key") is { } key)
                {
                    keys[key] = keys.GetValueOrDefault(key) + 1;
                }
            }
        }

        return keys;
    }

    // A dead letter is identified by its object key, or by its whole body when it is not an event at all (the parser
    // itself may reject an event, e.g. the zero-byte upload, so the key is read from the JSON directly).
    private static string PoisonId(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("s3Key", out var key)
                && key.GetString() is { } k ? k : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static void Describe<T>(List<string> problems, string what, IReadOnlyCollection<T> items, Func<T, string> show)
    {
        if (items.Count > 0)
        {
            problems.Add($"{items.Count} {what}: {string.Join("; ", items.Take(5).Select(show))}{(items.Count > 5 ? "; ..." : string.Empty)}");
        }
    }
}
