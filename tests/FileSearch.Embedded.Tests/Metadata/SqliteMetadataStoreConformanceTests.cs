using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;

namespace FileSearch.Embedded.Tests.Metadata;

[Trait("Category", "Integration")]
public sealed class SqliteMetadataStoreConformanceTests : MetadataStoreConformanceTests
{
    private readonly SqliteStores _stores = new();

    protected override Task<IMetadataStore> CreateStoreAsync() => Task.FromResult(_stores.Create());

    public override async Task DisposeAsync() => await _stores.DisposeAsync();
}
