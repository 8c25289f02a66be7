using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class SqsMessageQueueConformanceTests(AwsStandIns standIns) : MessageQueueConformanceTests
{
    protected override bool ReportsOldestVisible => false;

    protected override async Task<IMessageQueue> CreateQueueAsync(int maxReceiveCount = 5)
    {
        var options = standIns.With(queue: AwsStandIns.UniqueName("q"));
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, maxReceiveCount, TimeSpan.FromSeconds(30), Ct);
        return new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
    }
}
