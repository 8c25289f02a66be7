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
}
