using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class AwsServiceCollectionExtensionsTests(AwsStandIns standIns)
{
    [Fact]
    public void AddAwsBackends_AllThreeTwice_PortsResolveToAwsAdapters()
    {
        using var provider = CreateSut(AwsBackends.Queue | AwsBackends.ObjectStore | AwsBackends.Metadata, region: "ap-northeast-1").BuildServiceProvider();

        Assert.IsType<SqsMessageQueue>(provider.GetRequiredService<IMessageQueue>());
        Assert.IsType<S3ObjectStore>(provider.GetRequiredService<IObjectStore>());
        Assert.IsType<DynamoDbMetadataStore>(provider.GetRequiredService<IMetadataStore>());
    }

    [Fact]
    public void AddAwsBackends_None_RegistersNothing()
    {
        var services = new ServiceCollection().AddAwsBackends(new ConfigurationBuilder().Build(), AwsBackends.None);

        Assert.Empty(services);
    }

    [Fact]
    public void AddAwsBackends_NoRegion_OptionsValidationFailsNamingTheKey()
    {
        using var provider = CreateSut(AwsBackends.Queue, region: null).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AwsOptions>>().Value);

        Assert.Contains("Aws:Region", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => AwsServiceCollectionExtensions.CreateSqs(new AwsOptions(), null));
    }

    [Theory]
    [InlineData(AwsBackends.Metadata, 10_001, true)]
    [InlineData(AwsBackends.Metadata, 10_000, false)]
    [InlineData(AwsBackends.Queue, 50_000, false)]
    public void AddAwsBackends_MoreMembersThanAnItemHolds_RefusedOnlyWithDynamoDb(AwsBackends backends, int maxChildDocuments, bool refused)
    {
        var services = CreateSut(backends, region: "ap-northeast-1");
        services.Configure<PipelineOptions>(o => o.MaxChildDocuments = maxChildDocuments);
        using var provider = services.BuildServiceProvider();

        var error = Record.Exception(() => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);

        Assert.Equal(refused, error is OptionsValidationException { Message: var m } && m.Contains("Pipeline:MaxChildDocuments", StringComparison.Ordinal));
        Assert.Equal(refused, error is not null);
    }

    [Fact]
    public async Task AddAwsResourceCheck_MissingQueueAndTable_StartFailsWithFix()
    {
        var services = CreateSut(AwsBackends.Queue | AwsBackends.Metadata, region: "us-east-1", endpoints: true).AddAwsResourceCheck();
        services.AddSingleton(standIns.Sqs).AddSingleton(standIns.S3).AddSingleton(standIns.DynamoDb);
        await using var provider = services.BuildServiceProvider();
        var check = Assert.Single(provider.GetServices<IHostedService>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains("SQS queue 'nope-queue' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("DynamoDB table 'nope-table' does not exist", error.Message, StringComparison.Ordinal);
        await check.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task FindMissingAsync_ExistingResources_NothingMissing()
    {
        var queue = AwsStandIns.UniqueName("q");
        var table = AwsStandIns.UniqueName("t");
        var bucket = AwsStandIns.UniqueName("b");
        await standIns.Setup.CreateQueuesAsync(queue, queue + "-dlq", 5, TimeSpan.FromMinutes(5), CancellationToken.None);
        await standIns.Setup.CreateTableAsync(table, CancellationToken.None);
        await standIns.Setup.CreateBucketAsync(bucket, CancellationToken.None);

        var missing = await standIns.Setup.FindMissingAsync(queue, table, [bucket], CancellationToken.None);
        var missingBucket = await standIns.Setup.FindMissingAsync(null, null, ["absent-bucket-1"], CancellationToken.None);

        Assert.Empty(missing);
        Assert.Contains("absent-bucket-1", Assert.Single(missingBucket), StringComparison.Ordinal);
    }

    private ServiceCollection CreateSut(AwsBackends backends, string? region, bool endpoints = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aws:Region"] = region,
            ["Aws:QueueName"] = "nope-queue",
            ["Aws:TableName"] = "nope-table",
        };
        if (endpoints)
        {
            settings["Aws:SqsServiceUrl"] = standIns.Options.SqsServiceUrl!.ToString();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddAwsBackends(configuration, backends);
        services.AddAwsBackends(configuration, backends);
        return services;
    }
}
