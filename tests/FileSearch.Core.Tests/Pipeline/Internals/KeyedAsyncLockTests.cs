using FileSearch.Core.Pipeline.Internals;

namespace FileSearch.Core.Tests.Pipeline.Internals;

[Trait("Category", "Unit")]
public sealed class KeyedAsyncLockTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AcquireAsync_SameKeyHeld_WaitsUntilReleased()
    {
        var locks = new KeyedAsyncLock<string>();
        var first = await locks.AcquireAsync("a", CancellationToken.None);

        var second = locks.AcquireAsync("a", CancellationToken.None);
        await Task.Yield();
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(Bound)).Dispose();
        Assert.Equal(0, locks.ActiveKeys);
    }

    [Fact]
    public async Task AcquireAsync_OtherKey_DoesNotWait()
    {
        var locks = new KeyedAsyncLock<string>();
        using var first = await locks.AcquireAsync("a", CancellationToken.None);

        var other = locks.AcquireAsync("b", CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.Equal(2, locks.ActiveKeys);
        (await other).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_WaiterCancelled_ThrowsAndLeavesNoEntryBehind()
    {
        var locks = new KeyedAsyncLock<string>();
        var held = await locks.AcquireAsync("a", CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiter = locks.AcquireAsync("a", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Bound));
        Assert.Equal(1, locks.ActiveKeys);
        held.Dispose();
        Assert.Equal(0, locks.ActiveKeys);
    }

    [Fact]
    public async Task AcquireAsync_ManyConcurrentHolders_NeverOverlap()
    {
        var locks = new KeyedAsyncLock<int>();
        var inside = 0;
        var maxInside = 0;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var held = await locks.AcquireAsync(7, CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })).WaitAsync(Bound);

        Assert.Equal(1, maxInside);
        Assert.Equal(0, locks.ActiveKeys);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
