using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Tests;

[Trait("Category", "Unit")]
public sealed class ScalingServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddScaling(configuration).AddScaling(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddScaling_CalledTwiceWithSection_OnePolicyWithBoundOptions()
    {
        using var provider = Build(new() { ["Scaling:Policy:Mode"] = "TargetTracking", ["Scaling:Policy:MaxCapacity"] = "20" });

        var policy = provider.GetRequiredService<ScalingPolicy>();

        Assert.Same(policy, provider.GetRequiredService<ScalingPolicy>());
        Assert.Equal(ScalingMode.TargetTracking, policy.Options.Mode);
        Assert.Equal(20, policy.Options.MaxCapacity);
    }

    [Fact]
    public void AddScaling_MinAboveMax_ValidationFailsNamingBoth()
    {
        using var provider = Build(new() { ["Scaling:Policy:MinCapacity"] = "5", ["Scaling:Policy:MaxCapacity"] = "2" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScalingPolicyOptions>>().Value);

        Assert.Contains("MinCapacity (5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScaling_BurstRuleKeysEmpty_RulesOff()
    {
        using var provider = Build(new()
        {
            ["Scaling:Policy:SuddenBacklogRatio"] = "",
            ["Scaling:Policy:OldestMessageAgeStep"] = "",
            ["Scaling:Policy:BurstScaleInWindow"] = "",
        });

        var options = provider.GetRequiredService<ScalingPolicy>().Options;

        Assert.Null(options.SuddenBacklogRatio);
        Assert.Null(options.OldestMessageAgeStep);
        Assert.Null(options.BurstScaleInWindow);
    }

    [Theory]
    [InlineData("OldestMessageAgeGrowth", "1.5")]
    [InlineData("BurstScaleOutFactor", "0.5")]
    [InlineData("SuddenBacklogRatio", "0")]
    public void AddScaling_BurstRuleOutOfRange_ValidationFailsNamingTheKey(string key, string value)
    {
        using var provider = Build(new() { [$"Scaling:Policy:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScalingPolicyOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
