using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Aws.Signing.Tests;

[Trait("Category", "Unit")]
public class SigV4SigningHandlerTests
{
    // AWS's published SigV4 test suite credentials and time (aws-sig-v4-test-suite).
    private static readonly StaticAwsCredentialsSource Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

    [Fact]
    public async Task SignAsync_GetVanilla_MatchesAwsTestSuite()
    {
        var handler = new SigV4SigningHandler(Example, "service", "us-east-1", _time, includeContentSha256: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");

        await handler.SignAsync(request, CancellationToken.None);

        Assert.Equal("20150830T123600Z", request.Headers.GetValues("x-amz-date").Single());
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            request.Headers.GetValues("Authorization").Single());
    }

    [Fact]
    public async Task SignAsync_GetVanillaQueryOrderKey_MatchesAwsTestSuite()
    {
        var handler = new SigV4SigningHandler(Example, "service", "us-east-1", _time, includeContentSha256: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/?Param2=value2&Param1=value1");

        await handler.SignAsync(request, CancellationToken.None);

        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_PostWithBodyAndSessionToken_AddsPayloadHashAndToken()
    {
        var recorder = new RecordingHandler();
        var handler = new SigV4SigningHandler(new StaticAwsCredentialsSource("AKID", "SECRET", "TOKEN"), "es", "ap-northeast-1", _time) { InnerHandler = recorder };
        using var client = new HttpClient(handler);
        using var content = new StringContent("{\"query\":{\"match_all\":{}}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("https://search.example.com:9200/files/_search?size=10"), content);

        var sent = recorder.Request!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("c19ce9e0a83ee4ea2e0e1dc9d0c31c5a9ae9d2d8dbd2c6d3b1b70bc1aa2fb1e4".Length, sent.Headers.GetValues("x-amz-content-sha256").Single().Length);
        Assert.Equal("TOKEN", sent.Headers.GetValues("x-amz-security-token").Single());
        var authorization = sent.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKID/20150830/ap-northeast-1/es/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=", authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://h/", "")]
    [InlineData("https://h/?b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("https://h/?q=%E5%A5%91%E7%B4%84&x=a+b", "q=%E5%A5%91%E7%B4%84&x=a%20b")]
    [InlineData("https://h/?flag", "flag=")]
    public void CanonicalQuery_Uri_SortedAndRfc3986Encoded(string uri, string expected)
    {
        Assert.Equal(expected, SigV4SigningHandler.CanonicalQuery(new Uri(uri)));
    }

    [Theory]
    [InlineData("https://h", "/")]
    [InlineData("https://h/files/_doc/abc", "/files/_doc/abc")]
    [InlineData("https://h/files/_doc/%E5%A5%91", "/files/_doc/%25E5%25A5%2591")]
    [InlineData("https://h/model/amazon.titan-embed-image-v1/invoke", "/model/amazon.titan-embed-image-v1/invoke")]
    [InlineData("https://h/model/amazon.titan-embed-text-v2:0/invoke", "/model/amazon.titan-embed-text-v2%3A0/invoke")]
    public void CanonicalPath_Uri_SegmentsEncodedTwice(string uri, string expected)
    {
        Assert.Equal(expected, SigV4SigningHandler.CanonicalPath(new Uri(uri)));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
