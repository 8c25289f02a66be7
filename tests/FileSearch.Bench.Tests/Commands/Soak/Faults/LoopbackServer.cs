using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FileSearch.Bench.Tests.Commands.Soak.Faults;

/// <summary>
/// A loopback test server behind the fault proxy. In line mode each request is one line, recorded once it arrived
/// whole (the server "applied" it) and answered with <c>ok:&lt;line&gt;</c>; in echo mode it returns every byte.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly bool _echo;
    private readonly Task _accepting;

    private LoopbackServer(bool echo)
    {
        _echo = echo;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The whole lines received, in order.</summary>
    public ConcurrentQueue<string> Applied { get; } = new();

    public static LoopbackServer Lines() => new(echo: false);

    public static LoopbackServer Echo() => new(echo: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(ServeAsync(client, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // InvalidOperationException: the listener was stopped between two accepts ("Not listening").
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            if (_echo)
            {
                await stream.CopyToAsync(stream, cancellationToken);
                return;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                Applied.Enqueue(line);
                await stream.WriteAsync(Encoding.UTF8.GetBytes($"ok:{line}\n"), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
        }
    }
}
