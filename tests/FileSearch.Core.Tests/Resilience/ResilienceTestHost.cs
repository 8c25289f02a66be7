using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Core.Tests.Resilience;

/// <summary>Builds the real pipelines on a fake clock; <see cref="WaitUntilAsync"/> lets timer continuations run without sleeping.</summary>
internal static class ResilienceTestHost
{
    public static (ResiliencePipelines Pipelines, FakeTimeProvider Time, ServiceProvider Provider) Create(params (string Key, string Value)[] settings)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddFileSearchResilience(configuration);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<ResiliencePipelines>(), time, provider);
    }

    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Yield();
            if (i % 50 == 49)
            {
                await Task.Delay(1);
            }
        }

        Assert.True(condition(), "condition not reached");
    }
}
