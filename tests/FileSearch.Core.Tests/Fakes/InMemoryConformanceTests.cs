using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Core.Tests.Fakes;

// The in-memory fakes used by the pipeline's unit tests must behave like the real adapters:
// they run the same port conformance suites as the embedded and AWS adapters.
[Trait("Category", "Unit")]
public sealed class InMemoryMessageQueueConformanceTests : MessageQueueConformanceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 30, 0, 0, 0, TimeSpan.Zero));

    protected override TimeSpan ReceiveWait => TimeSpan.Zero;

    protected override Task<IMessageQueue> CreateQueueAsync(int maxReceiveCount = 5) =>
        Task.FromResult<IMessageQueue>(new InMemoryMessageQueue(_time, maxReceiveCount));

    protected override Task AdvanceTimeAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }
}

[Trait("Category", "Unit")]
public sealed class InMemoryMetadataStoreConformanceTests : MetadataStoreConformanceTests
{
    protected override Task<IMetadataStore> CreateStoreAsync() => Task.FromResult<IMetadataStore>(new InMemoryMetadataStore());
}

[Trait("Category", "Unit")]
public sealed class InMemoryMemberReachabilityTests : MemberReachabilityConformanceTests
{
    protected override Task<IMetadataStore> CreateStoreAsync() => Task.FromResult<IMetadataStore>(new InMemoryMetadataStore());
}
