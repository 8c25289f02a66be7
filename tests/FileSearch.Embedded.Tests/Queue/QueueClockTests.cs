using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Embedded.Tests.Queue;

/// <summary>
/// Visibility in the embedded queue does not follow a wall clock stepped by NTP: a message in flight neither reappears
/// early (processed twice) nor stays hidden for the length of the step (stuck after its worker died).
/// </summary>
[Trait("Category", "Resilience")]
public sealed class QueueClockTests : QueueTestBase
{
    private readonly SteppedClock _clock = new(TestStorage.Start);

    [Fact]
    public async Task Receive_WallClockSteppedForwardAnHour_MessageInFlightStaysHiddenUntilItsTimeout()
    {
        var queue = Queue("boot-1");
        await queue.SendAsync("見積書.pdf", Ct);
        Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));

        _clock.Step(TimeSpan.FromHours(1));
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        Assert.Equal(1, (await queue.GetCountsAsync(Ct)).InFlight);

        _clock.Advance(Visibility + TimeSpan.FromSeconds(1));
        var again = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        Assert.Equal(2, again.ReceiveCount);
    }

    [Fact]
    public async Task Receive_WallClockSteppedBackAnHour_MessageOfADeadWorkerReappearsAfterItsTimeout()
    {
        var queue = Queue("boot-1");
        await queue.SendAsync("契約書.docx", Ct);
        Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));

        _clock.Step(TimeSpan.FromHours(-1));
        _clock.Advance(Visibility + TimeSpan.FromSeconds(1));

        Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
    }

    [Fact]
    public async Task ChangeVisibility_WallClockStepped_ExtensionCountsFromNowOnTheQueueClock()
    {
        var queue = Queue("boot-1");
        await queue.SendAsync("議事録.txt", Ct);
        var message = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));

        _clock.Step(TimeSpan.FromHours(-3));
        _clock.Advance(TimeSpan.FromSeconds(20));
        await queue.ChangeVisibilityAsync(message.ReceiptHandle, Visibility, Ct);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Single(await queue.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
    }

    [Fact]
    public async Task Open_SecondProcessSameBoot_SharesTheClock()
    {
        var first = Queue("boot-1");
        await first.SendAsync("請求書.xlsx", Ct);
        _clock.Step(TimeSpan.FromMinutes(-30));
        var second = Queue("boot-1");

        Assert.Single(await second.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        Assert.Empty(await first.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
        _clock.Advance(Visibility + TimeSpan.FromSeconds(1));
        Assert.Single(await first.ReceiveAsync(1, TimeSpan.Zero, Visibility, Ct));
    }

    [Fact]
    public async Task Open_AfterTheMachineRestarted_MessagesInFlightBeforeAreVisibleAtOnce()
    {
        var before = Queue("boot-1");
        await before.SendBatchAsync(["一.txt", "二.txt", "三.txt"], Ct);
        Assert.Equal(2, (await before.ReceiveAsync(2, TimeSpan.Zero, TimeSpan.FromHours(12), Ct)).Count);
        before.Dispose();

        var after = Queue("boot-2");

        Assert.Equal(3, (await after.ReceiveAsync(10, TimeSpan.Zero, Visibility, Ct)).Count);
    }

    private SqliteMessageQueue Queue(string boot)
    {
        var queue = new SqliteMessageQueue(TestStorage.Options(Directory.Path), _clock, NullLogger<SqliteMessageQueue>.Instance, () => boot);
        Track(queue);
        return queue;
    }
}
