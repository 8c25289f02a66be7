using System.Net;
using System.Net.Http.Json;
using FileSearch.Core.Ports;
using FileSearch.Server.Api;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Server.Tests;

[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AdminApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Status_CountsDocumentsAndQueue()
    {
        using var client = fixture.Server.Client();

        var status = await (await client.GetAsync("/api/v1/status")).ReadAsync<StatusResponse>();

        Assert.True(status.Documents["indexed"] >= 8, string.Join(",", status.Documents));
        Assert.Equal(status.Documents["indexed"], status.IndexDocuments);
        Assert.Null(status.IndexProblem);
    }

    [Fact]
    public async Task DeadLetters_ListedWithReasonAndRedriveNeedsTheAntiforgeryToken()
    {
        var queue = fixture.Server.Services.GetRequiredService<IMessageQueue>();
        var body = """{"eventType":"FILE_UPLOADED","s3Bucket":"nas","s3Key":"経理/壊れた.pdf"}""";
        await queue.SendAsync(body, CancellationToken.None);
        var received = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), CancellationToken.None)).Single();
        await queue.DeadLetterAsync(received, "corrupt-pdf: the file is damaged", CancellationToken.None);
        using var client = fixture.Server.Client();

        var letters = await (await client.GetAsync("/api/v1/dlq")).ReadAsync<DeadLettersResponse>();
        var letter = Assert.Single(letters.Items, d => d.MessageId == received.MessageId);
        Assert.Equal("経理/壊れた.pdf", letter.Key);
        Assert.Equal("corrupt-pdf: the file is damaged", letter.Reason);

        // The local user (like a signed-in browser) must prove the request comes from the page.
        await (await client.PostJsonAsync("/api/v1/dlq/redrive", new RedriveRequest(received.MessageId))).ProblemAsync(400);
        var token = await (await client.GetAsync("/api/v1/antiforgery")).ReadAsync<AntiforgeryResponse>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dlq/redrive") { Content = JsonContent.Create(new RedriveRequest(received.MessageId)) };
        request.Headers.Add(token.HeaderName, token.Token);
        var redriven = await (await client.SendAsync(request)).ReadAsync<RedriveResponse>();

        Assert.Equal(1, redriven.Redriven);
        Assert.DoesNotContain((await (await client.GetAsync("/api/v1/dlq")).ReadAsync<DeadLettersResponse>()).Items, d => d.MessageId == received.MessageId);
        var back = (await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), CancellationToken.None)).Single(m => m.MessageId == received.MessageId);
        await queue.DeleteAsync(back.ReceiptHandle, CancellationToken.None);
    }

    [Fact]
    public async Task Redrive_UnknownMessage_NotFound()
    {
        using var client = fixture.Server.Client();
        var token = await (await client.GetAsync("/api/v1/antiforgery")).ReadAsync<AntiforgeryResponse>();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dlq/redrive") { Content = JsonContent.Create(new RedriveRequest("no-such-message")) };
        request.Headers.Add(token.HeaderName, token.Token);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Failures_EmptyWhenNothingFailed()
    {
        using var client = fixture.Server.Client();

        var failures = await (await client.GetAsync("/api/v1/failures")).ReadAsync<FailuresResponse>();

        Assert.Empty(failures.Items);
    }

    [Fact]
    public async Task Limits_SearchRateAndUploadSize_Enforced()
    {
        await using var server = await fixture.StartAsync(new Dictionary<string, string?>
        {
            ["Server:SearchPerMinute"] = "3",
            ["Server:MaxUploadBytes"] = "2048",
        });
        using var client = server.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=x")).StatusCode);
        }

        using var limited = await client.GetAsync("/api/v1/search?q=x");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.jpg" } };
        using var tooBig = await client.PostAsync("/api/v1/similar", form);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
    }
}
