using System.Text.Json;
using FileSearch.Core.Domain;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>The end state of a soak run, compared with its inputs.</summary>
internal sealed record SoakOutcome(int Files, int Indexed, int Lost, int Duplicated, int DeadLettered, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}

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
        var problems = new List<string>();
        var inIndex = IndexedKeys(Path.Combine(workerDataDirectory, "index"));
        var statuses = new Dictionary<string, List<DocumentStatus>>(StringComparer.Ordinal);
        await foreach (var record in environment.Metadata.ListByBucketAsync(SoakSettings.Bucket, cancellationToken).ConfigureAwait(false))
        {
            (statuses.TryGetValue(record.Key, out var list) ? list : statuses[record.Key] = []).Add(record.Status);
        }

        var valid = files.Where(f => !f.IsPoison).Select(f => f.Key).ToList();
        var indexed = valid.Count(k => inIndex.GetValueOrDefault(k) >= 1 && statuses.GetValueOrDefault(k) is [DocumentStatus.Indexed]);
        var lost = valid.Where(k => inIndex.GetValueOrDefault(k) == 0 || statuses.GetValueOrDefault(k) is not [DocumentStatus.Indexed]).ToList();
        var duplicated = inIndex.Where(e => e.Value > 1).Select(e => e.Key).Union(statuses.Where(e => e.Value.Count > 1).Select(e => e.Key)).ToList();
        Describe(problems, "not indexed", lost, k => $"{k} (index {inIndex.GetValueOrDefault(k)}, metadata {string.Join('/', statuses.GetValueOrDefault(k) ?? [])})");
        Describe(problems, "duplicated", duplicated, k => $"{k} ({inIndex.GetValueOrDefault(k)} index documents)");

        var letters = await environment.Queue.ListDeadLettersAsync(files.Count + 100, cancellationToken).ConfigureAwait(false);
        var poison = files.Where(f => f.IsPoison).ToDictionary(f => f.Body ?? f.Key, f => f, StringComparer.Ordinal);
        var lettered = letters.Select(l => (Letter: l, Id: PoisonId(l.Body))).ToList();
        Describe(problems, "dead-lettered but not poison", lettered.Where(l => !poison.ContainsKey(l.Id)).ToList(), l => $"{l.Id}: {l.Letter.Reason}");
        Describe(problems, "poison not dead-lettered", poison.Keys.Except(lettered.Select(l => l.Id)).ToList(), k => k);
        Describe(problems, "dead-lettered twice", lettered.GroupBy(l => l.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList(), k => k);

        var temp = Path.Combine(workerDataDirectory, "tmp");
        var leftovers = System.IO.Directory.Exists(temp) ? System.IO.Directory.GetFiles(temp, "*", SearchOption.AllDirectories) : [];
        Describe(problems, "temp files left", leftovers, f => f);

        var counts = await environment.Queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        if (counts.Visible + counts.InFlight > 0)
        {
            problems.Add($"queue not drained: {counts.Visible} visible, {counts.InFlight} in flight");
        }

        return new SoakOutcome(files.Count, indexed, lost.Count, duplicated.Count, letters.Count, problems);
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
