using System.Net;
using System.Net.Http.Headers;
using Amazon.S3.Model;
using FileSearch.Aws;
using FileSearch.Core.Ports;
using FileSearch.Server.Api;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Server.Tests;

/// <summary>The tests that share one pair of AWS stand-ins (<see cref="AwsStandIns"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AwsStandInCollection : ICollectionFixture<AwsStandIns>
{
    public const string Name = "AWS stand-ins";
}

/// <summary>
/// The server on the production backends (SQS, S3 and DynamoDB stand-ins; the embedded Lucene index), with its worker:
/// a PDF uploaded to S3 and announced on SQS becomes searchable, and the document, its original and its thumbnail are
/// served from S3 over the API.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class AwsServerTests(AwsStandIns standIns) : IDisposable
{
    private const string Sample = "契約書_業務委託_2025.pdf";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("fs-server-aws");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ServeWithWorker_AwsBackends_SearchDocumentContentThumbnailAndStatusFromAws()
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("serve"), table: AwsStandIns.UniqueName("serve"));
        var bucket = AwsStandIns.UniqueName("nas");
        var thumbnails = AwsStandIns.UniqueName("thumbs");
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, 3, TimeSpan.FromSeconds(60), Ct);
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        await standIns.Setup.CreateBucketAsync(thumbnails, Ct);
        await using var server = await ServerFixture.StartWithWorkerAsync(_temp.Combine("data"), Settings(options, thumbnails), services =>
        {
            // The stand-ins' clients (test credentials): nothing reads the machine's AWS credentials.
            services.AddSingleton(standIns.Sqs);
            services.AddSingleton(standIns.S3);
            services.AddSingleton(standIns.DynamoDb);
        });
        using var client = server.Client();
        var original = await File.ReadAllBytesAsync(Path.Combine(ServerFixture.Samples, Sample));
        var key = "総務/契約/" + Sample;
        await server.Services.GetRequiredService<IObjectStore>().PutAsync(bucket, key, new MemoryStream(original), "application/pdf", Ct);
        await server.Services.GetRequiredService<IMessageQueue>().SendBatchAsync(
            [$$"""{"eventType":"FILE_UPLOADED","s3Bucket":"{{bucket}}","s3Key":"{{key}}","fileSize":{{original.Length}},"uploadedAt":"2025-01-30T12:00:00Z"}"""], Ct);

        var hit = Assert.Single((await server.WaitForHitsAsync(client, "業務委託", 1, TimeSpan.FromSeconds(120))).Hits);
        var document = await server.WaitForDocumentAsync(client, hit.Id, TimeSpan.FromSeconds(30));
        using var content = await client.GetAsync($"/api/v1/documents/{hit.Id}/content");
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{hit.Id}/content") { Headers = { Range = new RangeHeaderValue(100, 199) } };
        using var range = await client.SendAsync(ranged);
        using var thumbnail = await client.GetAsync($"/api/v1/documents/{hit.Id}/thumbnail");
        var storedThumbnails = (await standIns.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = thumbnails }, Ct)).S3Objects ?? [];

        Assert.Equal((Sample, key), (document.Name, document.Path));
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(original, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(original[100..200], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 100-199/{original.Length}", range.Content.Headers.ContentRange?.ToString());
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        var thumbnailKey = Assert.Single(storedThumbnails, o => o.Key.EndsWith("/256.webp", StringComparison.Ordinal)).Key;
        using (var stored = await standIns.S3.GetObjectAsync(thumbnails, thumbnailKey, Ct))
        using (var copy = new MemoryStream())
        {
            await stored.ResponseStream.CopyToAsync(copy, Ct);
            Assert.Equal(copy.ToArray(), await thumbnail.Content.ReadAsByteArrayAsync());
        }

        // One message dead-lettered by hand: the status shows the SQS queues' counts.
        var deadLetterQueue = (await standIns.Sqs.GetQueueUrlAsync(options.DeadLetterQueueName, Ct)).QueueUrl;
        await standIns.Sqs.SendMessageAsync(deadLetterQueue, """{"eventType":"FILE_UPLOADED","s3Bucket":"nas","s3Key":"gone.pdf"}""", Ct);
        var status = await (await client.GetAsync("/api/v1/status")).ReadAsync<StatusResponse>();
        Assert.Equal((0L, 0L, 1L), (status.Queue.Visible, status.Queue.InFlight, status.Queue.DeadLettered));
        Assert.Equal(1, status.Documents["indexed"]);
        Assert.Equal(1, status.IndexDocuments);
    }

    private static Dictionary<string, string?> Settings(AwsOptions o, string thumbnails) => new()
    {
        ["Backends:Queue"] = "sqs",
        ["Backends:ObjectStore"] = "s3",
        ["Backends:Metadata"] = "dynamodb",
        ["Aws:Region"] = o.Region,
        ["Aws:SqsServiceUrl"] = o.SqsServiceUrl!.ToString(),
        ["Aws:S3ServiceUrl"] = o.S3ServiceUrl!.ToString(),
        ["Aws:DynamoDbServiceUrl"] = o.DynamoDbServiceUrl!.ToString(),
        ["Aws:QueueName"] = o.QueueName,
        ["Aws:DeadLetterQueueName"] = o.DeadLetterQueueName,
        ["Aws:TableName"] = o.TableName,
        ["Pipeline:ThumbnailBucket"] = thumbnails,
    };
}
