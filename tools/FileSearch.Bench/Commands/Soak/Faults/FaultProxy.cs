using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FileSearch.Bench.Commands.Soak.Faults;

/// <summary>What a <see cref="FaultProxy"/> has done so far.</summary>
internal sealed record WireFaultCounts(long Connections, long Exchanges, long Resets, long DroppedReplies, long Delays)
{
    public static WireFaultCounts operator +(WireFaultCounts a, WireFaultCounts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Connections + b.Connections, a.Exchanges + b.Exchanges, a.Resets + b.Resets, a.DroppedReplies + b.DroppedReplies, a.Delays + b.Delays);
    }

    public static WireFaultCounts Add(WireFaultCounts a, WireFaultCounts b) => a + b;
}

/// <summary>
/// A loopback TCP proxy that breaks the wire between a client and a request/response server (HTTP/1.1, one request at
/// a time per connection, as HttpClient speaks it): it listens on 127.0.0.1 on a free port, opens one upstream
/// connection per client connection to a 127.0.0.1 upstream, and draws a <see cref="WireFault"/> for each exchange (a
/// request begins when the client sends after the previous reply began). A reset aborts both connections (RST) after
/// half of the request's first bytes went upstream; a delay holds the request back; a dropped reply forwards the whole
/// request, waits for the upstream's reply (an interim <c>100 Continue</c> passes) and aborts the client connection
/// instead of sending it, so the request was applied but the client saw an error. Disposing stops listening, aborts
/// every open connection and waits for all of them to end.
/// </summary>
internal sealed partial class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly WireFaultOptions _options;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _open = new();
    private readonly Task _accepting;
    private long _connections;
    private long _exchanges;
    private long _resets;
    private long _droppedReplies;
    private long _delays;

    private FaultProxy(IPEndPoint upstream, WireFaultOptions options)
    {
        _upstream = upstream;
        _options = options;
        _random = new Random(options.Seed);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/"));
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>Where clients connect: <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint { get; }

    public WireFaultCounts Counts => new(Interlocked.Read(ref _connections), Interlocked.Read(ref _exchanges), Interlocked.Read(ref _resets),
        Interlocked.Read(ref _droppedReplies), Interlocked.Read(ref _delays));

    /// <summary>Starts a proxy in front of <paramref name="upstream"/>, which must be on 127.0.0.1 (or <c>localhost</c>).</summary>
    public static FaultProxy Start(Uri upstream, WireFaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = upstream.IsLoopback && IPAddress.TryParse(upstream.Host, out var ip) ? ip
            : upstream.Host == "localhost" ? IPAddress.Loopback
            : null;
        if (address is null || !address.Equals(IPAddress.Loopback))
        {
            throw new ArgumentException($"The fault proxy forwards to 127.0.0.1 only, not to {upstream}", nameof(upstream));
        }

        return new FaultProxy(new IPEndPoint(address, upstream.Port), options);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_open.Keys).ConfigureAwait(false);
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            var connection = new Connection(this, client);
            var running = connection.RunAsync(cancellationToken);
            _open.TryAdd(running, 0);
            _ = running.ContinueWith(t => _open.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private WireFault Draw()
    {
        Interlocked.Increment(ref _exchanges);
        if (!_options.Enabled)
        {
            return WireFault.None;
        }

        double u;
        lock (_randomGate)
        {
            u = _random.NextDouble();
        }

        return _options.Pick(u);
    }

    /// <summary>Closes <paramref name="socket"/> with a TCP reset instead of the orderly FIN.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
