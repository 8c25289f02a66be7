using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using NetVips;
using Xunit.Abstractions;

namespace FileSearch.Embeddings.Bedrock.Tests;

[Trait("Category", "Integration")]
public sealed class BedrockImageEmbedderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private BedrockFixture _fixture = null!;

    private BedrockEmulator Emulator => _fixture.Emulator;

    public async Task InitializeAsync() => _fixture = await BedrockFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task EmbedAsync_SmallPng_SignedInvokeWithImageAndLength_UnitVector()
    {
        var path = Save(Noise(300, 200), "photo.png");

        var vector = await _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None);

        Assert.Equal(1024, vector!.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
        var request = Assert.Single(Emulator.Requests);
        Assert.Null(request.SignatureProblem);
        Assert.Equal("/model/amazon.titan-embed-image-v1/invoke", request.RawTarget);
        Assert.Equal(await File.ReadAllBytesAsync(path), Convert.FromBase64String(request.Body.GetProperty("inputImage").GetString()!));
        Assert.Equal(1024, request.Body.GetProperty("embeddingConfig").GetProperty("outputEmbeddingLength").GetInt32());
    }

    [Fact]
    public async Task EmbedTextAsync_TextV2_ColonEscapedInPathAndDimensionsSent()
    {
        Emulator.AnswerDimension = 512;
        var client = _fixture.CreateClient(_fixture.Options(o => (o.ModelId, o.Dimension) = (TitanModels.TextV2, 512)));

        var vector = await client.EmbedTextAsync("業務委託契約書", CancellationToken.None);

        Assert.Equal(512, vector.Length);
        var request = Assert.Single(Emulator.Requests);
        Assert.Null(request.SignatureProblem);
        Assert.Equal("/model/amazon.titan-embed-text-v2%3A0/invoke", request.RawTarget);
        Assert.Equal((512, "業務委託契約書"), (request.Body.GetProperty("dimensions").GetInt32(), request.Body.GetProperty("inputText").GetString()));
    }

    [Fact]
    public async Task EmbedAsync_SignedForAnotherRegion_RejectedAsRetryable()
    {
        var options = _fixture.Options();
        var client = _fixture.CreateClient(options, region: "us-west-2");

        var error = await Assert.ThrowsAsync<ProcessingException>(() => client.EmbedTextAsync("x", CancellationToken.None));

        Assert.Equal(("bedrock-error", FailureKind.Retryable), (error.Code, error.Kind));
        Assert.Contains("expected ap-northeast-1/bedrock", Assert.Single(Emulator.Requests).SignatureProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_Throttled_RetriesAndCutsRateThenRaisesIt()
    {
        var path = Save(Noise(64, 64), "t.png");
        var client = _fixture.CreateClient(_fixture.Options());
        var embedder = _fixture.CreateEmbedderFor(client);
        foreach (var status in new[] { 429, 429, 429 })
        {
            Emulator.Script.Enqueue(status);
        }

        var vector = await embedder.EmbedAsync(path, FileKind.Png, CancellationToken.None);
        var afterThrottles = client.RateLimiter.CurrentRate;
        for (var i = 0; i < new AimdRateLimiterOptions().SuccessesPerIncrease; i++)
        {
            await embedder.EmbedAsync(path, FileKind.Png, CancellationToken.None);
        }

        output.WriteLine($"RESULT bedrock_throttling throttles={client.RateLimiter.ThrottleCount} rate_start=400 rate_after_throttles={afterThrottles} rate_after_successes={client.RateLimiter.CurrentRate}");
        Assert.NotNull(vector);
        Assert.Equal(4 + new AimdRateLimiterOptions().SuccessesPerIncrease, Emulator.Requests.Count);
        Assert.Equal(3, client.RateLimiter.ThrottleCount);
        Assert.Equal(50, afterThrottles);
        Assert.Equal(90, client.RateLimiter.CurrentRate);
    }

    [Fact]
    public async Task EmbedAsync_ValidationException_PermanentAfterOneRequest()
    {
        var path = Save(Noise(64, 64), "v.png");
        Emulator.Script.Enqueue(400);

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal(("embedding-rejected", FailureKind.Permanent), (error.Code, error.Kind));
        Assert.Contains("ValidationException", error.Message, StringComparison.Ordinal);
        Assert.Single(Emulator.Requests);
    }

    [Fact]
    public async Task EmbedAsync_ServerErrorThenSuccess_Retried()
    {
        var path = Save(Noise(64, 64), "s.png");
        Emulator.Script.Enqueue(500);
        Emulator.Script.Enqueue(503);

        var vector = await _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None);

        Assert.NotNull(vector);
        Assert.Equal(3, Emulator.Requests.Count);
    }

    [Fact]
    public async Task EmbedAsync_ServerErrorsEveryAttempt_RetryableAfterMaxAttempts()
    {
        var path = Save(Noise(64, 64), "e.png");
        foreach (var _ in Enumerable.Range(0, 4))
        {
            Emulator.Script.Enqueue(500);
        }

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal(("bedrock-unavailable", FailureKind.Retryable), (error.Code, error.Kind));
        Assert.Equal(4, Emulator.Requests.Count);
    }

    [Fact]
    public async Task EmbedAsync_NoAnswer_TimesOutRetryable()
    {
        var path = Save(Noise(64, 64), "h.png");
        Emulator.Script.Enqueue(0);
        var options = _fixture.Options(o => (o.MaxAttempts, o.RequestTimeout) = (1, TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(options).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal("bedrock-unavailable", error.Code);
        Assert.Contains("no answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_AccessDenied_RetryableWithoutLocalRetries()
    {
        var path = Save(Noise(64, 64), "d.png");
        Emulator.Script.Enqueue(403);

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal(("bedrock-error", FailureKind.Retryable), (error.Code, error.Kind));
        Assert.Single(Emulator.Requests);
    }

    [Fact]
    public async Task EmbedAsync_WrongDimensionAnswered_Rejected()
    {
        Emulator.AnswerDimension = 256;
        var path = Save(Noise(64, 64), "w.png");

        var error = await Assert.ThrowsAsync<ProcessingException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, CancellationToken.None));

        Assert.Equal("embedding-dimension-mismatch", error.Code);
    }

    [Fact]
    public async Task CancelledToken_Throws()
    {
        var path = Save(Noise(64, 64), "c.png");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _fixture.CreateEmbedder(_fixture.Options()).EmbedAsync(path, FileKind.Png, new CancellationToken(canceled: true)));
    }

    internal static Image Noise(int width, int height)
    {
        using var noise = Image.Gaussnoise(width, height, sigma: 60, mean: 128, seed: width + height);
        using var rgb = noise.Bandjoin(noise.Rot180().Crop(0, 0, width, height), noise.Flip(Enums.Direction.Horizontal));
        return rgb.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private string Save(Image image, string name)
    {
        using (image)
        {
            var path = _fixture.Temp.Combine(name);
            image.WriteToFile(path);
            return path;
        }
    }
}
