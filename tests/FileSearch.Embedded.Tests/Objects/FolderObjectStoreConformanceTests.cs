using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Embedded.Tests.Objects;

[Trait("Category", "Integration")]
public sealed class FolderObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    private readonly TempDirectory _directory = new("fs-objects-conf");
    private readonly List<FolderObjectStore> _stores = [];

    protected override Task<(IObjectStore Store, string Bucket)> CreateStoreAsync()
    {
        var store = TestStorage.Objects(_directory.Combine(Guid.NewGuid().ToString("N")));
        _stores.Add(store);
        return Task.FromResult<(IObjectStore, string)>((store, "documents"));
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Dispose();
        await base.DisposeAsync();
    }
}
