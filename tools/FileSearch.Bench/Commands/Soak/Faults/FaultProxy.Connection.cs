using System.Net.Sockets;
using System.Text;

namespace FileSearch.Bench.Commands.Soak.Faults;

internal sealed partial class FaultProxy
{
    /// <summary>One client connection and its upstream connection: two pumps sharing the state of the current exchange.</summary>
    private sealed class Connection(FaultProxy proxy, Socket client)
    {
        private static readonly byte[] InterimReply = Encoding.ASCII.GetBytes("HTTP/1.1 1");
        private readonly Socket _upstream = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Lock _gate = new();
        private bool _requesting;
        private WireFault _fault;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                await _upstream.ConnectAsync(proxy._upstream, both.Token).ConfigureAwait(false);
                var requests = PumpRequestsAsync(both.Token);
                var replies = PumpRepliesAsync(both.Token);
                if (await Task.WhenAny(requests, replies).ConfigureAwait(false) == requests && await requests.ConfigureAwait(false))
                {
                    // The client finished sending: pass that on and let the reply come back.
                    _upstream.Shutdown(SocketShutdown.Send);
                    await replies.ConfigureAwait(false);
                }

                await both.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(requests, replies).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // A broken connection (ours or theirs) ends this pair; the client sees whatever the break looked like.
            }
            finally
            {
                await both.CancelAsync().ConfigureAwait(false);
                Abort(client);
                _upstream.Dispose();
            }
        }

        /// <summary>Client to upstream; true when the client closed its side, false when a fault or the other pump ended it.</summary>
        private async Task<bool> PumpRequestsAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return true;
                    }

                    WireFault fault;
                    var starts = false;
                    lock (_gate)
                    {
                        if (!_requesting)
                        {
                            (_requesting, _fault, starts) = (true, proxy.Draw(), true);
                        }

                        fault = _fault;
                    }

                    if (starts && fault == WireFault.Reset)
                    {
                        await SendAllAsync(_upstream, buffer.AsMemory(0, read / 2), cancellationToken).ConfigureAwait(false);
                        Interlocked.Increment(ref proxy._resets);
                        Abort(client);
                        Abort(_upstream);
                        return false;
                    }

                    if (starts && fault == WireFault.Delay)
                    {
                        Interlocked.Increment(ref proxy._delays);
                        await Task.Delay(proxy._options.Delay, cancellationToken).ConfigureAwait(false);
                    }

                    await SendAllAsync(_upstream, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>Upstream to client, until the upstream closes or a reply is dropped.</summary>
        private async Task PumpRepliesAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var read = await _upstream.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        client.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    var drop = false;
                    lock (_gate)
                    {
                        // The first bytes of the final reply end the request (an interim 1xx reply does not).
                        if (_requesting && !buffer.AsSpan(0, read).StartsWith(InterimReply))
                        {
                            _requesting = false;
                            drop = _fault == WireFault.DropReply;
                        }
                    }

                    if (drop)
                    {
                        Interlocked.Increment(ref proxy._droppedReplies);
                        Abort(client);
                        _upstream.Dispose();
                        return;
                    }

                    await SendAllAsync(client, buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }

        private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            while (!bytes.IsEmpty)
            {
                var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
    }
}
