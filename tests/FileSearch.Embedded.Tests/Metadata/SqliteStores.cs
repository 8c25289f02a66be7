using FileSearch.Core.Ports;
using FileSearch.Testing;

namespace FileSearch.Embedded.Tests.Metadata;

/// <summary>Empty SQLite metadata stores, each on a data directory of its own, closed and removed together.</summary>
internal sealed class SqliteStores : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("fs-meta-stores");
    private readonly List<SqliteMetadataStore> _stores = [];

    public IMetadataStore Create()
    {
        var store = TestStorage.Metadata(_directory.Combine(Guid.NewGuid().ToString("N")));
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _directory.Dispose();
    }
}
