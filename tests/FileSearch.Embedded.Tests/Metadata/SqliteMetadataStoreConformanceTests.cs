using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Embedded.Tests.Metadata;

[Trait("Category", "Integration")]
public sealed class SqliteMetadataStoreConformanceTests : MetadataStoreConformanceTests
{
    private readonly TempDirectory _directory = new("fs-meta-conf");
    private readonly List<SqliteMetadataStore> _stores = [];

    protected override Task<IMetadataStore> CreateStoreAsync()
    {
        var store = TestStorage.Metadata(_directory.Combine(Guid.NewGuid().ToString("N")));
        _stores.Add(store);
        return Task.FromResult<IMetadataStore>(store);
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Dispose();
    }
}
