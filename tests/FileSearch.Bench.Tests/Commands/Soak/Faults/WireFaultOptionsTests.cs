using FileSearch.Bench.Commands.Soak.Faults;

namespace FileSearch.Bench.Tests.Commands.Soak.Faults;

[Trait("Category", "Unit")]
public sealed class WireFaultOptionsTests
{
    private static readonly WireFaultOptions Faults = new(0.1, 0.2, 0.3, TimeSpan.FromMilliseconds(50), Seed: 1);

    [Theory]
    [InlineData(0.0, nameof(WireFault.Reset))]
    [InlineData(0.099, nameof(WireFault.Reset))]
    [InlineData(0.1, nameof(WireFault.DropReply))]
    [InlineData(0.299, nameof(WireFault.DropReply))]
    [InlineData(0.31, nameof(WireFault.Delay))]
    [InlineData(0.599, nameof(WireFault.Delay))]
    [InlineData(0.61, nameof(WireFault.None))]
    [InlineData(0.999, nameof(WireFault.None))]
    public void Pick_Draw_FaultOfItsShare(double draw, string expected) =>
        Assert.Equal(expected, Faults.Pick(draw).ToString());

    [Fact]
    public void None_IsNotEnabledAndPicksNothing()
    {
        Assert.False(WireFaultOptions.None.Enabled);
        Assert.Equal(WireFault.None, WireFaultOptions.None.Pick(0));
    }

    [Fact]
    public void ToString_NamesEveryRateAndTheDelay() =>
        Assert.Equal("resets 10.0 %, dropped replies 20.0 %, delays 30.0 % of 50 ms, seed 1", Faults.ToString());
}
