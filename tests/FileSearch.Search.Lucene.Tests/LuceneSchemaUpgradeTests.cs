using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Testing;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Search.Lucene.Tests;

/// <summary>An index written before the facet doc values (schema 1): kept working, reported, upgraded by rewriting every document.</summary>
[Trait("Category", "Integration")]
public sealed class LuceneSchemaUpgradeTests : IDisposable
{
    private readonly TempDirectory _temp = new("lucene-schema");

    private static CancellationToken Ct => CancellationToken.None;

    private string IndexDir => _temp.Combine("index");

    private static readonly IndexDocument[] Documents =
    [
        Create("営業/a.pdf", "契約 renewal", Core.Domain.FileKind.Pdf),
        Create("経理/b.txt", "契約 renewal"),
    ];

    [Fact]
    public async Task SearchAsync_SchemaOneIndex_WorksWithoutOldDocumentsInFacetsAndWarnsToReindex()
    {
        WriteSchemaOneIndex(Documents);
        var logger = new ListLogger<LuceneSearchIndex>();
        await using var sut = LuceneTestIndex.Create(IndexDir, logger: logger);

        var results = await sut.SearchAsync(new SearchQuery("renewal") { IncludeFacets = true }, Ct);

        Assert.Equal(2, results.TotalHits);
        Assert.Equal(SearchFacets.Empty.Kinds, results.Facets!.Kinds);
        Assert.Empty(await sut.SuggestAsync("a.p", 10, null, Ct));
        Assert.Contains(logger.Entries, e => e.EventId == 5112 && e.Level == LogLevel.Warning
            && e.Message.Contains("./filesearch reindex --all", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommitAsync_EveryDocumentRewritten_StampsTheSchemaAndStopsWarning()
    {
        WriteSchemaOneIndex(Documents);
        var first = new ListLogger<LuceneSearchIndex>();
        await using (var sut = LuceneTestIndex.Create(IndexDir, logger: first))
        {
            await sut.IndexAllAsync(Documents[0]);
            Assert.DoesNotContain(first.Entries, e => e.EventId == 5113);

            await sut.IndexAllAsync(Documents[1]);
            Assert.Contains(first.Entries, e => e.EventId == 5113);
        }

        var second = new ListLogger<LuceneSearchIndex>();
        await using var reopened = LuceneTestIndex.Create(IndexDir, logger: second);
        await reopened.IndexAllAsync(Create("new.txt", "renewal"));
        var results = await reopened.SearchAsync(new SearchQuery("renewal") { IncludeFacets = true }, Ct);

        Assert.DoesNotContain(second.Entries, e => e.EventId == 5112);
        Assert.Equal([new FacetCount("txt", 2), new FacetCount("pdf", 1)], results.Facets!.Kinds);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Writes the documents as the adapter did before schema 2: no facet doc values, no name terms, no schema stamp.</summary>
    private void WriteSchemaOneIndex(IndexDocument[] documents)
    {
        var analysis = new CjkBigramTextAnalysis();
        using var analyzer = analysis.CreateAnalyzer(AnalysisPurpose.Index);
        using var directory = FSDirectory.Open(IndexDir);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(CjkBigramTextAnalysis.Compatibility, analyzer));
        foreach (var document in documents)
        {
            var doc = IndexFields.ToLucene(document, withRecallField: false);
            foreach (var field in new[] { IndexFields.FacetKind, IndexFields.FacetMonth, IndexFields.FacetFolder, IndexFields.NameSuggest, IndexFields.Schema })
            {
                doc.RemoveFields(field);
            }

            writer.AddDocument(doc);
        }

        writer.SetCommitData(new Dictionary<string, string> { ["filesearch.analysis"] = $"{analysis.Name}/{analysis.Version}" });
        writer.Commit();
    }
}
