using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FileSearch.Testing.Telemetry;

/// <summary>
/// A stand-in OpenTelemetry collector for tests: an OTLP/HTTP receiver on a loopback port that keeps every export
/// request (<c>/v1/traces</c>, <c>/v1/metrics</c>) and decodes the spans it needs (see <see cref="OtlpSpan"/>).
/// Answers 200 with an empty protobuf body, as a collector does for a fully accepted export.
/// </summary>
public sealed class OtlpCollectorStandIn : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public OtlpCollectorStandIn()
    {
        Port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The OTLP/HTTP base endpoint (signals are posted to <c>v1/traces</c> and <c>v1/metrics</c> under it).</summary>
    public Uri Endpoint { get; }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. _requests.Where(r => r.Path == "/v1/traces").SelectMany(r => OtlpSpan.Decode(r.Body))];

    /// <summary>True when a metrics export named <paramref name="metric"/> (an instrument name) has arrived.</summary>
    public bool HasMetric(string metric)
    {
        var name = Encoding.UTF8.GetBytes(metric);
        return _requests.Any(r => r.Path == "/v1/metrics" && r.Body.AsSpan().IndexOf(name) >= 0);
    }

    /// <summary>Paths of the requests received, in order.</summary>
    public IReadOnlyList<string> Paths => [.. _requests.Select(r => r.Path)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url?.AbsolutePath ?? string.Empty, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength64 = 0;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
