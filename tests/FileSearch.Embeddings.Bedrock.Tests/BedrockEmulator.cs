using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Embeddings.Bedrock.Tests;

/// <summary>One request as the emulator saw it.</summary>
internal sealed record InvokeRecord(string RawTarget, string ModelId, JsonElement Body, string? SignatureProblem);

/// <summary>
/// Bedrock InvokeModel on 127.0.0.1 (Kestrel). Each request's SigV4 signature structure is checked (algorithm,
/// credential scope with service <c>bedrock</c> and the region, signed headers, payload hash); a bad one gets
/// 403 InvalidSignatureException. Answers come from <see cref="Script"/> (200 when empty): 200, 429, 400, 500, 403
/// or 0 (never answer).
/// </summary>
internal sealed partial class BedrockEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BedrockEmulator(WebApplication app, string region)
    {
        _app = app;
        Region = region;
    }

    public string Region { get; }

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<int> Script { get; } = new();

    public ConcurrentQueue<InvokeRecord> Requests { get; } = new();

    /// <summary>The embeddings answered with 200, in order, exactly as sent (not normalised).</summary>
    public ConcurrentQueue<float[]> Answers { get; } = new();

    /// <summary>Length of the vectors answered (the model's configured dimension unless a test lies).</summary>
    public int AnswerDimension { get; set; } = 1024;

    public static async Task<BedrockEmulator> StartAsync(string region = "ap-northeast-1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var emulator = new BedrockEmulator(app, region);
        app.MapPost("/model/{modelId}/invoke", emulator.InvokeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        emulator.Endpoint = new Uri(address);
        return emulator;
    }

    private async Task InvokeAsync(HttpContext context, string modelId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var problem = CheckSignature(context.Request, body);
        using var document = JsonDocument.Parse(body);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Requests.Enqueue(new InvokeRecord(rawTarget, modelId, document.RootElement.Clone(), problem));
        if (problem is not null)
        {
            await ErrorAsync(context, 403, "InvalidSignatureException", problem);
            return;
        }

        var status = Script.TryDequeue(out var s) ? s : 200;
        switch (status)
        {
            case 200:
                var seed = BitConverter.ToInt32(SHA256.HashData(body));
                var random = new Random(seed);
                var vector = Enumerable.Range(0, AnswerDimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
                Answers.Enqueue(vector);
                await context.Response.WriteAsJsonAsync(new { embedding = vector, inputTextTokenCount = 0 }, context.RequestAborted);
                break;
            case 0:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                break;
            case 429:
                await ErrorAsync(context, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
                break;
            case 400:
                await ErrorAsync(context, 400, "ValidationException", "Input image size is too large");
                break;
            default:
                await ErrorAsync(context, status, status == 403 ? "AccessDeniedException" : "InternalServerException", "emulated failure");
                break;
        }
    }

    private string? CheckSignature(HttpRequest request, byte[] body)
    {
        var match = AuthorizationPattern().Match(request.Headers.Authorization.ToString());
        if (!match.Success)
        {
            return "Authorization header is not AWS4-HMAC-SHA256 Credential=.../aws4_request, SignedHeaders=..., Signature=<64 hex>";
        }

        if (match.Groups["service"].Value != "bedrock" || match.Groups["region"].Value != Region)
        {
            return $"credential scope names {match.Groups["region"].Value}/{match.Groups["service"].Value}, expected {Region}/bedrock";
        }

        var signed = match.Groups["signed"].Value.Split(';');
        if (!new[] { "content-type", "host", "x-amz-content-sha256", "x-amz-date" }.All(signed.Contains))
        {
            return "signed headers lack host, content-type, x-amz-date or x-amz-content-sha256: " + match.Groups["signed"].Value;
        }

        if (!request.Headers["x-amz-date"].ToString().StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return "x-amz-date does not match the credential date";
        }

        return request.Headers["x-amz-content-sha256"].ToString() == Convert.ToHexStringLower(SHA256.HashData(body))
            ? null
            : "x-amz-content-sha256 is not the SHA-256 of the body";
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = type + ":http://internal.amazon.com/coral/com.amazon.bedrock/";
        await context.Response.WriteAsJsonAsync(new { message }, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=AKID/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();
}
