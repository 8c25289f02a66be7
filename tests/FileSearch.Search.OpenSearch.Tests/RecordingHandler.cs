using System.Net;
using System.Text;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>One request as the cluster would have received it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string? Body);

/// <summary>Records requests and answers each with the next scripted response (or throws the scripted exception).</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingHandler Respond(HttpStatusCode status, string? body = null)
    {
        _responses.Enqueue(() => new HttpResponseMessage(status)
        {
            Content = new StringContent(body ?? string.Empty, Encoding.UTF8, "application/json"),
        });
        return this;
    }

    public RecordingHandler RespondFile(string name, HttpStatusCode status = HttpStatusCode.OK) =>
        Respond(status, Contract.Read(name));

    public RecordingHandler Throw(Exception exception)
    {
        _responses.Enqueue(() => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, headers, body));
        Assert.True(_responses.Count > 0, $"unexpected request {request.Method} {request.RequestUri}");
        return _responses.Dequeue()();
    }
}
