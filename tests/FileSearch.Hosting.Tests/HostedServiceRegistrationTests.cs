using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Reindexing;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Metrics;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Hosting.Tests;

/// <summary>The host <see cref="FileSearchHost.CreateBuilder"/> wires: its hosted services and its options checks at start.</summary>
[Trait("Category", "Unit")]
public sealed class HostedServiceRegistrationTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-hosting");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CreateBuilder_Worker_RegistersWorkerDrainerAndMetricsSampler()
    {
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning, worker: true);

        var hosted = HostedTypes(builder.Services);

        Assert.Contains(typeof(WorkerHostedService), hosted);
        Assert.Contains(typeof(PendingIndexDrainer), hosted);
        Assert.Contains(typeof(QueueMetricsSampler), hosted);
    }

    [Fact]
    public void CreateBuilder_NotWorker_RegistersNoConsumer()
    {
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning);

        var hosted = HostedTypes(builder.Services);

        Assert.DoesNotContain(typeof(WorkerHostedService), hosted);
        Assert.DoesNotContain(typeof(PendingIndexDrainer), hosted);
    }

    [Fact]
    public void CreateBuilder_Worker_ShutdownTimeoutCoversTheDrain()
    {
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning, worker: true);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<HostOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(45), options.ShutdownTimeout);
    }

    [Theory]
    [InlineData("Worker:ReceiveBatchSize", "11")]
    [InlineData("Worker:Concurrency", "0")]
    [InlineData("Pipeline:MaxStoredTextChars", "-1")]
    [InlineData("Metrics:QueueSampleInterval", "-00:00:01")]
    public async Task StartAsync_InvalidOption_ThrowsOptionsValidationException(string key, string value)
    {
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning, worker: true);
        builder.Configuration[key] = value;
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.NotEmpty(ex.Failures);
    }

    private static List<Type?> HostedTypes(IServiceCollection services) =>
        [.. services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType)];
}
