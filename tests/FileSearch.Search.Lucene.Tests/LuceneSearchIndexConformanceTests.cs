using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Search.Lucene.Tests;

[Trait("Category", "Integration")]
public sealed class LuceneSearchIndexConformanceTests : SearchIndexConformanceTests, IDisposable
{
    private readonly TempDirectory _temp = new("lucene-conformance");

    protected override Task<ISearchIndex> CreateIndexAsync() =>
        Task.FromResult<ISearchIndex>(LuceneTestIndex.Create(_temp.Combine("index")));

    public void Dispose() => _temp.Dispose();
}
