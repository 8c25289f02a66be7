namespace FileSearch.Testing;

/// <summary>Waiting in tests for something another thread or process does, on the real clock.</summary>
public static class Polling
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="interval"/> (5 ms unless given); fails the test when it is
    /// still false after <paramref name="patience"/>.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan patience, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"condition not reached within {patience.TotalSeconds:0.#} s");
            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
