using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FileSearch.Aws.Tests.Spot;

/// <summary>
/// A tiny IMDSv2 on 127.0.0.1: hands out a token on PUT /latest/api/token and answers the Spot paths only when the
/// token header is present (401 otherwise, like EC2). Tests set the notices it serves.
/// </summary>
public sealed class ImdsEmulator : IAsyncDisposable
{
    private const string Token = "emulated-token";
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public ImdsEmulator()
    {
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>JSON of /latest/meta-data/spot/instance-action, or null for 404.</summary>
    public string? InstanceAction { get; set; }

    /// <summary>JSON of /latest/meta-data/events/recommendations/rebalance, or null for 404.</summary>
    public string? Rebalance { get; set; }

    /// <summary>Called when a notice (an instance-action body) is served, before the client sees it.</summary>
    public Action? NoticeServed { get; set; }

    public int TokenRequests { get; private set; }

    public int UnauthorizedRequests { get; private set; }

    public int Polls { get; private set; }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var (status, body) = Answer(context.Request);
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, string? Body) Answer(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        if (request.HttpMethod == "PUT" && path == "/latest/api/token")
        {
            TokenRequests++;
            return request.Headers["X-aws-ec2-metadata-token-ttl-seconds"] is null ? (400, null) : (200, Token);
        }

        if (request.Headers["X-aws-ec2-metadata-token"] != Token)
        {
            UnauthorizedRequests++;
            return (401, null);
        }

        Polls++;
        var body = path switch
        {
            "/latest/meta-data/spot/instance-action" => InstanceAction,
            "/latest/meta-data/events/recommendations/rebalance" => Rebalance,
            _ => null,
        };
        if (body is not null && body == InstanceAction)
        {
            NoticeServed?.Invoke();
        }

        return body is null ? (404, null) : (200, body);
    }
}
