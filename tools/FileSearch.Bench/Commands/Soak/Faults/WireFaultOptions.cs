using System.Globalization;

namespace FileSearch.Bench.Commands.Soak.Faults;

/// <summary>
/// The faults a <see cref="FaultProxy"/> injects, each drawn once per request/response exchange: a connection reset in
/// the middle of the request, a delay before the request is forwarded, or the reply dropped after the upstream applied
/// the request. <c>ResetRate + DropReplyRate + DelayRate</c> is at most 1.
/// </summary>
/// <param name="ResetRate">Share of exchanges whose connection is reset (RST) after part of the request was forwarded.</param>
/// <param name="DropReplyRate">Share of exchanges forwarded whole whose reply is read from upstream and then not sent: the client connection is closed instead.</param>
/// <param name="DelayRate">Share of exchanges held for <paramref name="Delay"/> before the request is forwarded.</param>
/// <param name="Delay">The added latency of a delayed exchange.</param>
/// <param name="Seed">Seed of the draws, for a reproducible sequence of faults.</param>
internal sealed record WireFaultOptions(double ResetRate, double DropReplyRate, double DelayRate, TimeSpan Delay, int Seed)
{
    /// <summary>No faults: bytes pass through unchanged.</summary>
    public static WireFaultOptions None { get; } = new(0, 0, 0, TimeSpan.Zero, 0);

    public bool Enabled => ResetRate + DropReplyRate + DelayRate > 0;

    /// <summary>Throws when a rate is outside 0-1, the rates add up to more than 1, or the delay is negative.</summary>
    public void Validate()
    {
        foreach (var (name, rate) in new[] { ("reset", ResetRate), ("dropped-reply", DropReplyRate), ("delay", DelayRate) })
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new ArgumentOutOfRangeException(nameof(WireFaultOptions), rate, $"the {name} rate must be between 0 and 1");
            }
        }

        if (ResetRate + DropReplyRate + DelayRate > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WireFaultOptions), "the wire fault rates add up to more than 1");
        }

        if (Delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(WireFaultOptions), Delay, "the delay must not be negative");
        }
    }

    /// <summary>The fault of one exchange for a uniform draw <paramref name="u"/> in [0, 1).</summary>
    internal WireFault Pick(double u) =>
        u < ResetRate ? WireFault.Reset
        : u < ResetRate + DropReplyRate ? WireFault.DropReply
        : u < ResetRate + DropReplyRate + DelayRate ? WireFault.Delay
        : WireFault.None;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"resets {ResetRate:P1}, dropped replies {DropReplyRate:P1}, delays {DelayRate:P1} of {Delay.TotalMilliseconds:0} ms, seed {Seed}");
}

/// <summary>What a <see cref="FaultProxy"/> does to one exchange.</summary>
internal enum WireFault
{
    None,
    Reset,
    DropReply,
    Delay,
}
