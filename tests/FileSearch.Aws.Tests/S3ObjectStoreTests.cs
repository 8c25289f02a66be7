using System.Net;
using Amazon.S3;
using FileSearch.Aws.Internals;
using FileSearch.Core.Errors;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class S3ObjectStoreTests(AwsStandIns standIns)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task PutAsync_LargerThanOnePart_UploadedInPartsAndRoundTrips()
    {
        var (store, bucket) = await CreateSutAsync();
        var bytes = new byte[(11 * 1024 * 1024) + 123];
        new Random(7).NextBytes(bytes);

        await store.PutAsync(bucket, "big/scan.tiff", new NonSeekableStream(bytes), "image/tiff",
            new Dictionary<string, string> { ["mtime"] = "123" }, Ct);
        await using var read = await store.OpenReadAsync(bucket, "big/scan.tiff", Ct);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, (await store.GetInfoAsync(bucket, "big/scan.tiff", Ct))?.Size);
    }

    [Fact]
    public async Task CopyAsync_ExistingObject_CopyHasSameBytes()
    {
        var (store, bucket) = await CreateSutAsync();
        await store.PutAsync(bucket, "a.txt", new MemoryStream("原本"u8.ToArray()), "text/plain", Ct);

        await store.CopyAsync(bucket, "a.txt", bucket, "copies/a.txt", Ct);

        Assert.Equal("原本"u8.ToArray().Length, (await store.GetInfoAsync(bucket, "copies/a.txt", Ct))?.Size);
    }

    [Fact]
    public async Task GetDownloadUrlAsync_DefaultExpiry_FifteenMinutesAndFetchable()
    {
        var (store, bucket) = await CreateSutAsync();
        await store.PutAsync(bucket, "thumbs/1.webp", new MemoryStream([1, 2, 3]), "image/webp", Ct);

        var url = await store.GetDownloadUrlAsync(bucket, "thumbs/1.webp", null, Ct);
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(url, Ct);

        // The SDK turns the absolute expiry into seconds against its own clock reading: 900 give or take one.
        var expires = int.Parse(System.Text.RegularExpressions.Regex.Match(url.Query, @"X-Amz-Expires=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, 899, 901);
        Assert.Equal([1, 2, 3], bytes);
    }

    [Fact]
    public async Task DownloadAsync_MissingBucket_PermanentBucketNotFound()
    {
        var (store, _) = await CreateSutAsync();
        using var dir = new FileSearch.Testing.TempDirectory("fs-s3");

        var error = await Assert.ThrowsAsync<ProcessingException>(() => store.DownloadAsync("no-such-bucket-x", "a.pdf", dir.Combine("a.pdf"), Ct));

        Assert.Equal((FailureKind.Permanent, "bucket-not-found"), (error.Kind, error.Code));
    }

    [Theory]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable, FailureKind.Retryable, "s3-unavailable")]
    [InlineData("InternalError", HttpStatusCode.InternalServerError, FailureKind.Retryable, "s3-unavailable")]
    [InlineData("Weird", HttpStatusCode.BadGateway, FailureKind.Retryable, "s3-unavailable")]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, FailureKind.Permanent, "access-denied")]
    [InlineData("Other", HttpStatusCode.Forbidden, FailureKind.Permanent, "access-denied")]
    [InlineData("NoSuchKey", HttpStatusCode.NotFound, FailureKind.Permanent, "object-not-found")]
    [InlineData("NotFound", HttpStatusCode.NotFound, FailureKind.Permanent, "object-not-found")]
    public void Classify_ServiceErrors_KindAndCode(string code, HttpStatusCode status, FailureKind kind, string expected)
    {
        var error = new AmazonS3Exception("x") { ErrorCode = code, StatusCode = status };

        var classified = S3Errors.Classify(error, "b", "k");

        Assert.Equal((kind, expected), (classified?.Kind, classified?.Code));
    }

    [Fact]
    public void Classify_ConnectionFailureAndUnknown_RetryableOrNull()
    {
        Assert.Equal(FailureKind.Retryable, S3Errors.Classify(new HttpRequestException("refused"), "b", "k")?.Kind);
        Assert.Equal("s3-connection", S3Errors.Classify(new Amazon.Runtime.AmazonClientException("dns"), "b", "k")?.Code);
        Assert.Null(S3Errors.Classify(new InvalidOperationException("bug"), "b", "k"));
    }

    private async Task<(S3ObjectStore Store, string Bucket)> CreateSutAsync()
    {
        var bucket = AwsStandIns.UniqueName("b");
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        return (new S3ObjectStore(standIns.S3, Options.Create(standIns.Options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance), bucket);
    }

    /// <summary>A stream of unknown length, like a network or pipe source.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
