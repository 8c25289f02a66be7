using System.Diagnostics;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Conformance;

/// <summary>The W3C trace context travels with a message from the sender's activity to the receiver.</summary>
public abstract partial class MessageQueueConformanceTests
{
    [Fact]
    public async Task SendBatchAsync_InsideAnActivity_ReceivedMessagesCarryItsTraceContext()
    {
        var queue = await CreateQueueAsync();
        using var activity = new Activity("send test").SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = "fs=1";
        activity.Start();
        await queue.SendBatchAsync(["""{"n":1}""", """{"n":2}"""], Ct);
        activity.Stop();

        var received = await ReceiveAsync(queue, 2);

        Assert.Equal(2, received.Count);
        foreach (var message in received)
        {
            Assert.NotNull(message.Trace);
            Assert.Equal(activity.Id, message.Trace.TraceParent);
            Assert.Equal("fs=1", message.Trace.TraceState);
            var parent = message.Trace.ToActivityContext();
            Assert.Equal(activity.TraceId, parent.TraceId);
            Assert.Equal(activity.SpanId, parent.SpanId);
            Assert.True(parent.IsRemote);
        }
    }

    [Fact]
    public async Task SendAsync_NoActivity_ReceivedMessageHasNoTraceContext()
    {
        var queue = await CreateQueueAsync();
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            await queue.SendAsync("""{"n":1}""", Ct);
        }
        finally
        {
            Activity.Current = previous;
        }

        var message = Assert.Single(await ReceiveAsync(queue, 1));
        Assert.Null(message.Trace);
    }
}
