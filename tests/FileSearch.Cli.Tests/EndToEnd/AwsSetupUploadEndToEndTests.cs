using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using FileSearch.Aws;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// The <c>setup aws</c> and <c>upload</c> commands as a person runs them (the CLI as a process, configured by
/// environment variables) against the SQS, S3 and DynamoDB stand-ins.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class AwsSetupUploadEndToEndTests(AwsStandIns standIns) : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _temp = new("fs-aws-cmd");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SetupAws_NothingExists_CreatesQueueWithRedriveTableAndThumbnailBucket()
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("setup"), table: AwsStandIns.UniqueName("setup"));
        var environment = Environment(options);
        var thumbnails = AwsStandIns.UniqueName("thumbs");
        environment["FILESEARCH_Pipeline__ThumbnailBucket"] = thumbnails;

        var (exit, output) = await RunAsync(environment, "setup", "aws");

        Assert.True(exit == 0, output);
        var queueUrl = (await standIns.Sqs.GetQueueUrlAsync(options.QueueName, Ct)).QueueUrl;
        var attributes = await standIns.Sqs.GetQueueAttributesAsync(queueUrl, ["RedrivePolicy"], Ct);
        Assert.Contains(options.DeadLetterQueueName, attributes.Attributes["RedrivePolicy"], StringComparison.Ordinal);
        Assert.NotNull((await standIns.Sqs.GetQueueUrlAsync(options.DeadLetterQueueName, Ct)).QueueUrl);
        var table = await standIns.DynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = options.TableName }, Ct);
        Assert.Contains(table.Table.GlobalSecondaryIndexes, i => i.IndexName == DynamoDbMetadataStore.BucketKeyIndex);
        Assert.Empty((await standIns.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = thumbnails }, Ct)).S3Objects ?? []);
        var (again, againOutput) = await RunAsync(environment, "setup", "aws");
        Assert.True(again == 0, "setup must keep existing resources: " + againOutput);
    }

    [Fact]
    public async Task Upload_Folder_MultipartSkipsUnchangedDeletesOnlyWithDeleteFlag()
    {
        var options = standIns.With();
        var environment = Environment(options);
        environment["FILESEARCH_Aws__PartSizeBytes"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bucket = AwsStandIns.UniqueName("nas");
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        var folder = _temp.Combine("nas");
        Directory.CreateDirectory(Path.Combine(folder, "契約"));
        var large = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        await File.WriteAllBytesAsync(Path.Combine(folder, "契約", "scan.pdf"), large, Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "memo.txt"), "議事録", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "old.txt"), "古い", Ct);

        var (first, firstOutput) = await RunAsync(environment, "upload", folder, "--bucket", bucket, "--prefix", "share");
        Assert.True(first == 0, firstOutput);
        Assert.Contains("uploaded 3", firstOutput, StringComparison.Ordinal);
        using (var response = await standIns.S3.GetObjectAsync(bucket, "share/契約/scan.pdf", Ct))
        using (var copy = new MemoryStream())
        {
            await response.ResponseStream.CopyToAsync(copy, Ct);
            Assert.Equal(SHA256.HashData(large), SHA256.HashData(copy.ToArray()));
            Assert.Contains("-", response.ETag, StringComparison.Ordinal); // a multipart upload's ETag ends in -<parts>
        }

        var (second, secondOutput) = await RunAsync(environment, "upload", folder, "--bucket", bucket, "--prefix", "share");
        Assert.True(second == 0, secondOutput);
        Assert.Contains("uploaded 0", secondOutput, StringComparison.Ordinal);
        Assert.Contains("unchanged 3", secondOutput, StringComparison.Ordinal);

        File.Delete(Path.Combine(folder, "old.txt"));
        var (_, keepOutput) = await RunAsync(environment, "upload", folder, "--bucket", bucket, "--prefix", "share");
        Assert.Contains("deleted 0", keepOutput, StringComparison.Ordinal);
        Assert.Contains("share/old.txt", await KeysAsync(bucket));
        var (deleting, deleteOutput) = await RunAsync(environment, "upload", folder, "--bucket", bucket, "--prefix", "share", "--delete");
        Assert.True(deleting == 0, deleteOutput);
        Assert.Contains("deleted 1", deleteOutput, StringComparison.Ordinal);
        Assert.Equal(["share/memo.txt", "share/契約/scan.pdf"], await KeysAsync(bucket));
    }

    private async Task<List<string>> KeysAsync(string bucket) =>
        [.. ((await standIns.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Ct)).S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal)];

    private async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var process = CliProcess.Start(_temp.Combine("data"), args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static Dictionary<string, string> Environment(AwsOptions o) => new()
    {
        ["FILESEARCH_Aws__Region"] = o.Region!,
        ["FILESEARCH_Aws__SqsServiceUrl"] = o.SqsServiceUrl!.ToString(),
        ["FILESEARCH_Aws__S3ServiceUrl"] = o.S3ServiceUrl!.ToString(),
        ["FILESEARCH_Aws__DynamoDbServiceUrl"] = o.DynamoDbServiceUrl!.ToString(),
        ["FILESEARCH_Aws__QueueName"] = o.QueueName,
        ["FILESEARCH_Aws__DeadLetterQueueName"] = o.DeadLetterQueueName,
        ["FILESEARCH_Aws__TableName"] = o.TableName,
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["COLUMNS"] = "240",
    };
}
