using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Search.Lucene.Tests.Mecab;

/// <summary>The port conformance suite with MeCab morphology, the default analysis.</summary>
[Trait("Category", "Integration")]
public sealed class MecabConformanceTests(MecabFixture fixture) : SearchIndexConformanceTests, IClassFixture<MecabFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("lucene-mecab-conformance");

    protected override Task<ISearchIndex> CreateIndexAsync() =>
        Task.FromResult<ISearchIndex>(LuceneTestIndex.Create(_temp.Combine("index"), analysis: fixture.Analysis));

    public void Dispose() => _temp.Dispose();
}
