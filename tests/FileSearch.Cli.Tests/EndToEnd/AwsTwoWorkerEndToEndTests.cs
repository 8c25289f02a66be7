using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FileSearch.Aws;
using FileSearch.Core.Domain;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// Production mode end to end on the stand-ins: 200 files in the S3 stand-in, their events in the SQS stand-in, two
/// worker processes (each with its own data directory and so its own local index; metadata shared in DynamoDB)
/// consuming at once, each taking a share. Every good file is indexed exactly once across both indexes, the queue ends empty and the
/// dead-letter queue holds exactly the poison files.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed partial class AwsTwoWorkerEndToEndTests(AwsStandIns standIns) : IDisposable
{
    private const int Good = 195;
    private const int Poison = 5;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("fs-aws-e2e");
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoWorkers_200Files_EachIndexedOnceQueueEmptyPoisonDeadLettered()
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("e2e"), table: AwsStandIns.UniqueName("e2e"));
        var bucket = AwsStandIns.UniqueName("raw");
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, 5, TimeSpan.FromSeconds(60), Ct);
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        var thumbnails = AwsStandIns.UniqueName("thumbs");
        await standIns.Setup.CreateBucketAsync(thumbnails, Ct);
        var objects = new S3ObjectStore(standIns.S3, Options.Create(options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance);
        using var queue = new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
        var keys = new List<string>();
        for (var i = 0; i < Good + Poison; i++)
        {
            var poison = i % 40 == 7;
            var key = poison ? $"poison/broken-{i:D3}.pdf" : $"reports/報告書-{i:D3}.txt";
            var content = poison ? "%PDF-1.4\n1 0 obj\n<< /Type /Catalog" : $"第{i}四半期 売上報告書 report number {i}";
            await objects.PutAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(content)), "application/octet-stream", Ct);
            keys.Add(key);
        }

        Assert.Equal(Poison, keys.Count(k => k.StartsWith("poison/", StringComparison.Ordinal)));
        await queue.SendBatchAsync(keys.Select(k => Event(bucket, k)).ToList(), Ct);
        var environment = Environment(options);
        environment["FILESEARCH_Pipeline__ThumbnailBucket"] = thumbnails;
        var workers = new[] { Start("w1", environment), Start("w2", environment) };
        try
        {
            await WaitForEmptyQueueAsync(queue, TimeSpan.FromMinutes(3));
        }
        finally
        {
            foreach (var worker in workers)
            {
                CliProcess.Terminate(worker);
            }

            foreach (var worker in workers)
            {
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await worker.WaitForExitAsync(exit.Token);
                worker.Dispose();
            }
        }

        var metadata = new DynamoDbMetadataStore(standIns.DynamoDb, Options.Create(options), NullLogger<DynamoDbMetadataStore>.Instance);
        var byStatus = await metadata.CountByStatusAsync(Ct);
        var letters = await queue.ListDeadLettersAsync(100, Ct);
        var perWorker = new[] { await IndexEntriesAsync("w1", environment), await IndexEntriesAsync("w2", environment) };
        var indexed = perWorker.Sum();
        var counts = await queue.GetCountsAsync(Ct);

        Assert.True(Good == byStatus.GetValueOrDefault(DocumentStatus.Indexed),
            $"indexed {byStatus.GetValueOrDefault(DocumentStatus.Indexed)} of {Good}; by status {string.Join(", ", byStatus)}\n{WorkerLog}");
        Assert.Equal(Good, indexed);
        // The point is concurrent consumption: each worker must have taken a share, not one worker everything.
        Assert.All(perWorker, entries => Assert.True(entries > 0, $"a worker indexed nothing: {string.Join(" + ", perWorker)}"));
        Assert.Equal((0L, 0L, (long)Poison), (counts.Visible, counts.InFlight, counts.DeadLettered));
        Assert.Equal(keys.Where(k => k.StartsWith("poison/", StringComparison.Ordinal)).Order(),
            letters.Select(l => PoisonKey().Match(l.Body).Value).Order());
        Assert.All(letters, l => Assert.Contains("corrupt-pdf", l.Reason, StringComparison.Ordinal));
    }

    private static string Event(string bucket, string key) =>
        $$"""{"eventType":"FILE_UPLOADED","s3Bucket":"{{bucket}}","s3Key":"{{key}}","fileSize":10,"uploadedAt":"2025-01-30T12:00:00Z"}""";

    private static Dictionary<string, string> Environment(AwsOptions o) => new()
    {
        ["FILESEARCH_Backends__Queue"] = "sqs",
        ["FILESEARCH_Backends__ObjectStore"] = "s3",
        ["FILESEARCH_Backends__Metadata"] = "dynamodb",
        ["FILESEARCH_Aws__Region"] = o.Region!,
        ["FILESEARCH_Aws__SqsServiceUrl"] = o.SqsServiceUrl!.ToString(),
        ["FILESEARCH_Aws__S3ServiceUrl"] = o.S3ServiceUrl!.ToString(),
        ["FILESEARCH_Aws__DynamoDbServiceUrl"] = o.DynamoDbServiceUrl!.ToString(),
        ["FILESEARCH_Aws__QueueName"] = o.QueueName,
        ["FILESEARCH_Aws__TableName"] = o.TableName,
        ["FILESEARCH_Spot__Enabled"] = "false",
        ["FILESEARCH_Worker__Concurrency"] = "2",
        ["FILESEARCH_Worker__ReceiveWaitTime"] = "00:00:01",
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
    };

    private Process Start(string name, Dictionary<string, string> environment)
    {
        var process = CliProcess.Start(_temp.Combine(name), ["worker"], environment);
        process.OutputDataReceived += (_, e) => Keep(name, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(name, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(string worker, string? line)
    {
        if (line is not null && _log.Count < 400)
        {
            _log.Enqueue($"{worker}: {line}");
        }
    }

    private string WorkerLog => string.Join('\n', _log);

    private static async Task WaitForEmptyQueueAsync(SqsMessageQueue queue, TimeSpan limit)
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            var counts = await queue.GetCountsAsync(Ct);
            if (counts.Visible == 0 && counts.InFlight == 0 && counts.DeadLettered >= Poison)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Fail($"queue not drained within {limit}: {await queue.GetCountsAsync(Ct)}");
    }

    private async Task<long> IndexEntriesAsync(string name, Dictionary<string, string> environment)
    {
        using var process = CliProcess.Start(_temp.Combine(name), ["status"], environment);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = IndexEntries().Match(output);
        Assert.True(match.Success, output);
        return long.Parse(match.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"index entries\D*([\d,]+)")]
    private static partial Regex IndexEntries();

    [GeneratedRegex(@"poison/broken-\d{3}\.pdf")]
    private static partial Regex PoisonKey();
}
