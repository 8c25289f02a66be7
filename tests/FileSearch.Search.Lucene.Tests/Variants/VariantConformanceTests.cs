using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;

namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>
/// The port conformance suite with notation variants, in the analysis the host configures by default (MeCab, the
/// UniDic normalised field, compound-part recall).
/// </summary>
[Trait("Category", "Integration")]
public sealed class VariantConformanceTests(VariantsFixture fixture) : NotationVariantConformanceTests, IClassFixture<VariantsFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("lucene-variant-conformance");

    protected override Task<ISearchIndex> CreateIndexAsync() =>
        Task.FromResult<ISearchIndex>(LuceneTestIndex.Create(_temp.Combine("index"), analysis: fixture.Analysis));

    public void Dispose() => _temp.Dispose();
}
