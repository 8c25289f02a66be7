using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Logging;

namespace FileSearch.Embeddings.Bedrock.Internals;

/// <summary>
/// One InvokeModel call with retries (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html).
/// Every failure goes through the shared <see cref="IErrorClassifier"/>: throttling cuts the shared AIMD rate and retries;
/// other retryable failures (5xx, 408, timeouts, broken connections) retry with exponential backoff and jitter; invalid
/// input (ValidationException, other 400s) is permanent for this input; other permanent answers (access denied, unknown
/// model) are configuration problems, retryable for the queue but not retried here.
/// </summary>
internal sealed class BedrockInvoker(HttpClient http, Uri invokeUri, string modelId, BedrockEmbeddingOptions options,
    AimdRateLimiter limiter, IErrorClassifier classifier, TimeProvider timeProvider, ILogger logger)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<float[]> InvokeAsync(byte[] body, int expectedDimension, CancellationToken cancellationToken)
    {
        var reason = string.Empty;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            using (var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false))
            {
                if (!lease.IsAcquired)
                {
                    throw ProcessingException.Retryable("rate-limited",
                        $"Bedrock {modelId} is throttled: the adaptive rate ({limiter.CurrentRate:0.##}/s) leaves no slot in time");
                }
            }

            Exception failure;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, invokeUri) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    limiter.OnSuccess();
                    return ParseEmbedding(text, expectedDimension);
                }

                var errorType = ErrorType(response);
                failure = new ServiceErrorException(errorType, response.StatusCode,
                    $"{(int)response.StatusCode} {errorType ?? "error"}: {ErrorMessage(text)}");
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new TimeoutException($"no answer within {options.RequestTimeout.TotalSeconds:0.#} s", e);
            }
            catch (HttpRequestException e)
            {
                failure = e;
            }

            reason = failure.Message;
            var classified = classifier.Classify(failure);
            if (classified.Code == FailureCodes.Throttled)
            {
                limiter.OnThrottle();
                Log.Throttled(logger, modelId, attempt, limiter.CurrentRate, limiter.ThrottleCount);
            }
            else if (classified.Kind == FailureKind.Permanent)
            {
                if (classified.Code == "invalid-input" || failure is ServiceErrorException { StatusCode: HttpStatusCode.BadRequest })
                {
                    Log.Rejected(logger, modelId, reason);
                    throw ProcessingException.Permanent("embedding-rejected", $"Bedrock {modelId} rejected this input ({reason})", failure);
                }

                throw ProcessingException.Retryable("bedrock-error",
                    $"Bedrock {modelId} refused the call ({reason}); check credentials, region and model access", failure);
            }
            else
            {
                Log.TransientFailure(logger, modelId, attempt, reason);
            }

            if (attempt < options.MaxAttempts)
            {
                await Task.Delay(Backoff(attempt), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        throw ProcessingException.Retryable("bedrock-unavailable", $"Bedrock {modelId} failed {options.MaxAttempts} attempts; last: {reason}");
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxBackoff.TotalMilliseconds, options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    internal static float[] ParseEmbedding(string json, int expectedDimension)
    {
        float[] vector;
        try
        {
            using var document = JsonDocument.Parse(json);
            vector = [.. document.RootElement.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle())];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw ProcessingException.Retryable("bedrock-bad-response", $"Bedrock answered without a readable embedding: {e.Message}");
        }

        if (vector.Length != expectedDimension)
        {
            throw ProcessingException.Retryable("embedding-dimension-mismatch",
                $"Bedrock returned a {vector.Length}-d vector, expected {expectedDimension} (Bedrock:Dimension)");
        }

        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (norm <= 0 || double.IsNaN(norm))
        {
            throw ProcessingException.Retryable("bedrock-bad-response", "Bedrock returned a zero or invalid vector");
        }

        return [.. vector.Select(v => (float)(v / norm))];
    }

    /// <summary>The error type from <c>x-amzn-ErrorType</c> (<c>ValidationException:http://...</c>), if sent.</summary>
    private static string? ErrorType(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { } value
            ? value.Split(':')[0]
            : null;

    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            foreach (var name in new[] { "message", "Message" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var m))
                {
                    return m.GetString() ?? string.Empty;
                }
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 200 ? body[..200] : body;
    }
}
