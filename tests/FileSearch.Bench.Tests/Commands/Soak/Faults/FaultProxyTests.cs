using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FileSearch.Bench.Commands.Soak.Faults;

namespace FileSearch.Bench.Tests.Commands.Soak.Faults;

[Trait("Category", "Unit")]
public sealed class FaultProxyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Proxy_RateZero_PassesBytesThroughUnchanged()
    {
        await using var server = LoopbackServer.Echo();
        await using var proxy = FaultProxy.Start(server.Endpoint, WireFaultOptions.None);
        var sent = new byte[200_000];
        new Random(7).NextBytes(sent);

        using var client = await ConnectAsync(proxy);
        var stream = client.GetStream();
        var writing = stream.WriteAsync(sent).AsTask();
        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Patience);
        await writing;

        Assert.Equal(sent, received);
        Assert.Equal((1L, 0L, 0L, 0L), (proxy.Counts.Connections, proxy.Counts.Resets, proxy.Counts.DroppedReplies, proxy.Counts.Delays));
    }

    [Fact]
    public async Task Proxy_RateZero_AnswersEveryRequestOnOneConnection()
    {
        await using var server = LoopbackServer.Lines();
        await using var proxy = FaultProxy.Start(server.Endpoint, WireFaultOptions.None);

        using var client = await ConnectAsync(proxy);
        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await ExchangeAsync(client, $"put {i}"));
        }

        Assert.Equal(["ok:put 0", "ok:put 1", "ok:put 2"], replies);
        Assert.Equal(3, proxy.Counts.Exchanges);
    }

    [Fact]
    public async Task Proxy_Reset_ClientGetsAnErrorAndUpstreamNeverGetsTheWholeRequest()
    {
        await using var server = LoopbackServer.Lines();
        await using var proxy = FaultProxy.Start(server.Endpoint, Faults(reset: 1));

        using var client = await ConnectAsync(proxy);

        await Assert.ThrowsAnyAsync<IOException>(() => ExchangeAsync(client, "put reset-me"));
        Assert.Equal(1, proxy.Counts.Resets);
        Assert.Empty(server.Applied);
    }

    [Fact]
    public async Task Proxy_DroppedReply_UpstreamAppliedTheRequestButClientGetsAnError()
    {
        await using var server = LoopbackServer.Lines();
        await using var proxy = FaultProxy.Start(server.Endpoint, Faults(drop: 1));

        using var client = await ConnectAsync(proxy);

        await Assert.ThrowsAnyAsync<IOException>(() => ExchangeAsync(client, "put applied"));
        Assert.Equal(["put applied"], server.Applied);
        Assert.Equal(1, proxy.Counts.DroppedReplies);
    }

    [Fact]
    public async Task Proxy_Delay_ExchangeIsMeasurablySlower()
    {
        await using var server = LoopbackServer.Lines();
        await using var proxy = FaultProxy.Start(server.Endpoint, Faults(delay: 1) with { Delay = TimeSpan.FromMilliseconds(400) });

        using var client = await ConnectAsync(proxy);
        var clock = Stopwatch.StartNew();
        var reply = await ExchangeAsync(client, "put slow");

        Assert.Equal("ok:put slow", reply);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"took {clock.Elapsed}");
        Assert.Equal(1, proxy.Counts.Delays);
    }

    [Fact]
    public async Task Proxy_SameSeed_SameFaultsInTheSameOrder()
    {
        async Task<string> PatternAsync()
        {
            await using var server = LoopbackServer.Lines();
            await using var proxy = FaultProxy.Start(server.Endpoint, Faults(reset: 0.5) with { Seed = 11 });
            var pattern = new StringBuilder();
            for (var i = 0; i < 12; i++)
            {
                using var client = await ConnectAsync(proxy);
                try
                {
                    await ExchangeAsync(client, "put");
                    pattern.Append('.');
                }
                catch (IOException)
                {
                    pattern.Append('R');
                }
            }

            return pattern.ToString();
        }

        var first = await PatternAsync();

        Assert.Equal(first, await PatternAsync());
        Assert.Contains("R", first, StringComparison.Ordinal);
        Assert.Contains(".", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_OpenConnection_EndsItAndReturns()
    {
        await using var server = LoopbackServer.Lines();
        var proxy = FaultProxy.Start(server.Endpoint, WireFaultOptions.None);
        using var client = await ConnectAsync(proxy);
        Assert.Equal("ok:hello", await ExchangeAsync(client, "hello"));

        await proxy.DisposeAsync().AsTask().WaitAsync(Patience);

        var buffer = new byte[1];
        var read = await ReadOrZeroAsync(client.GetStream(), buffer).WaitAsync(Patience);
        Assert.Equal(0, read);
    }

    [Theory]
    [InlineData("http://10.0.0.1:4566/")]
    [InlineData("http://example.com:4566/")]
    public void Start_UpstreamNotOnLoopback_Throws(string upstream) =>
        Assert.Throws<ArgumentException>(() => FaultProxy.Start(new Uri(upstream), WireFaultOptions.None));

    [Theory]
    [InlineData(-0.1, 0, 0)]
    [InlineData(0, 1.5, 0)]
    [InlineData(0.5, 0.3, 0.3)]
    public void Validate_RatesOutOfRange_Throws(double reset, double drop, double delay) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Faults(reset, drop, delay).Validate());

    private static WireFaultOptions Faults(double reset = 0, double drop = 0, double delay = 0) =>
        new(reset, drop, delay, TimeSpan.FromMilliseconds(100), Seed: 3);

    private static async Task<TcpClient> ConnectAsync(FaultProxy proxy)
    {
        var client = new TcpClient();
        await client.ConnectAsync(proxy.Endpoint.Host, proxy.Endpoint.Port);
        return client;
    }

    private static async Task<string> ExchangeAsync(TcpClient client, string request)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
        var reply = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one).AsTask().WaitAsync(Patience);
            if (read == 0)
            {
                throw new IOException("the connection was closed before the reply");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. reply]);
            }

            reply.Add(one[0]);
        }
    }

    private static async Task<int> ReadOrZeroAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
