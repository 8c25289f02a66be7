using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FileSearch.Core.Errors;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>Sends JSON to the cluster and maps transport failures to <see cref="ProcessingException"/>.</summary>
internal sealed class OpenSearchTransport(HttpClient http, OpenSearchOptions options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");

    public Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken) =>
        SendRawAsync(method, path, body?.ToJsonString(), Json, cancellationToken);

    public Task<(HttpStatusCode Status, JsonNode? Body)> SendNdJsonAsync(string path, string body, CancellationToken cancellationToken) =>
        SendRawAsync(HttpMethod.Post, path, body, NdJson, cancellationToken);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendRawAsync(
        HttpMethod method, string path, string? body, MediaTypeHeaderValue contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(options.Endpoint!, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType;
        }

        if (options.Auth == OpenSearchAuthMode.Basic)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var json = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            var status = response.StatusCode;
            if ((int)status >= 500 || status == HttpStatusCode.TooManyRequests)
            {
                // 429 and 503 are the cluster asking for less load: "throttled", as for every other dependency, so the
                // resilience pipeline's adaptive rate limiter hears of it; other 5xx mean the cluster is unwell.
                var code = DefaultErrorClassifier.IsThrottlingStatus(status) ? FailureCodes.Throttled : "index-unavailable";
                throw ProcessingException.Retryable(code,
                    $"OpenSearch answered {(int)status} to {method} {path}: {ResponseParser.ErrorSummary(json)}");
            }

            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw ProcessingException.Retryable("index-unauthorized",
                    $"OpenSearch refused {method} {path} ({(int)status}); check OpenSearch:Auth and the credentials' permissions");
            }

            return (status, json);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ProcessingException.Retryable("index-timeout", $"OpenSearch did not answer {method} {path} within {options.RequestTimeout}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw ProcessingException.Retryable("index-unavailable", $"OpenSearch at {options.Endpoint} is unreachable: {ex.Message}", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ProcessingException.Retryable("index-bad-response", $"OpenSearch answered {method} {path} with invalid JSON", ex);
        }
    }
}
