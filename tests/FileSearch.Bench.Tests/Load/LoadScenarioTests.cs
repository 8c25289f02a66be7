using FileSearch.Bench.Load;

namespace FileSearch.Bench.Tests.Load;

[Trait("Category", "Unit")]
public sealed class LoadScenarioTests
{
    [Theory]
    [InlineData("load", 10, 2, 600)]
    [InlineData("spike", 50, 10, 300)]
    [InlineData("STRESS", 100, 5, 1800)]
    public void Resolve_Preset_SeedsUsersSpawnRateAndDuration(string name, int users, double spawnRate, int seconds)
    {
        var scenario = LoadScenario.Resolve(name, null, null, null);

        Assert.Equal((users, spawnRate, TimeSpan.FromSeconds(seconds)), (scenario.Users, scenario.SpawnRate, scenario.Duration));
        Assert.Equal(name.ToLowerInvariant(), scenario.Name);
    }

    [Fact]
    public void Resolve_Overrides_ReplaceOnlyTheGivenValues()
    {
        var scenario = LoadScenario.Resolve("spike", 7, null, TimeSpan.FromSeconds(30));

        Assert.Equal(new LoadScenario("spike", 7, 10, TimeSpan.FromSeconds(30)), scenario);
    }

    [Theory]
    [InlineData("soak", null, null)]
    [InlineData("load", 0, null)]
    [InlineData("load", null, 0.0)]
    public void Resolve_UnknownOrOutOfRange_ArgumentException(string name, int? users, double? spawnRate) =>
        Assert.Throws<ArgumentException>(() => LoadScenario.Resolve(name, users, spawnRate, null));

    [Theory]
    [InlineData("90", 90)]
    [InlineData("30s", 30)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("00:01:30", 90)]
    public void ParseDuration_KnownForms_Seconds(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadScenario.ParseDuration(text));

    [Theory]
    [InlineData("ten")]
    [InlineData("-5s")]
    public void ParseDuration_Garbage_FormatException(string text) =>
        Assert.Throws<FormatException>(() => LoadScenario.ParseDuration(text));
}
