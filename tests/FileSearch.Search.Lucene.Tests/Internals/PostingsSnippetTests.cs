using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace FileSearch.Search.Lucene.Tests.Internals;

/// <summary>Snippets cut from the offsets in the postings equal the snippets cut by analysing the stored text again.</summary>
[Trait("Category", "Unit")]
public sealed class PostingsSnippetTests : IDisposable
{
    private readonly CjkBigramTextAnalysis _analysis = new();
    private readonly Analyzer _index;
    private readonly Analyzer _query;

    public PostingsSnippetTests()
    {
        _index = _analysis.CreateAnalyzer(AnalysisPurpose.Index);
        _query = _analysis.CreateAnalyzer(AnalysisPurpose.Query);
    }

    public void Dispose()
    {
        _index.Dispose();
        _query.Dispose();
    }

    [Theory]
    [InlineData("営業報告", "今月の営業報告書を提出します。来月の営業会議では報告を受けます。")]
    [InlineData("report", "Monthly Reports are due. The report is late, reporting continues.")]
    [InlineData("契約*", "契約書と契約更新の件について、業務委託の契約を確認します。")]
    [InlineData("\"保守 契約\"", "システムズとの保守契約更新について。現行の保守契約は満了となる。")]
    [InlineData("見積 NOT 請求", "見積書を送付します。見積の有効期限は三十日です。")]
    [InlineData("zzz", "該当しない文章です。")]
    public void BuildFromPostings_Queries_SameSnippetAsAnalysis(string queryText, string text)
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(CjkBigramTextAnalysis.Compatibility, _index)))
        {
            writer.AddDocument(IndexFields.ToLucene(Document("other.txt", "無関係な文書の本文です。" + text[..Math.Min(5, text.Length)]), withRecallField: false));
            writer.AddDocument(IndexFields.ToLucene(Document("doc.txt", text), withRecallField: false));
            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var parsed = new QueryFactory(_query, _analysis).Parse(queryText, out _);
        var terms = new List<(string, QueryTerms)> { (IndexFields.Text, QueryTerms.From(parsed, IndexFields.Text)) };
        var sut = new SnippetBuilder(_index, 40, 100_000);

        var fromPostings = sut.BuildFromPostings(reader, 1, text, terms);

        Assert.NotNull(fromPostings);
        Assert.Equal(sut.Build(text, terms), fromPostings);
    }

    [Fact]
    public void BuildFromPostings_FieldWithoutOffsets_ReturnsNullForTheCallerToAnalyse()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(CjkBigramTextAnalysis.Compatibility, _index)))
        {
            var doc = IndexFields.ToLucene(Document("old.txt", "古い索引の営業報告"), withRecallField: false);
            doc.RemoveFields(IndexFields.Text);
            doc.Add(new TextField(IndexFields.Text, "古い索引の営業報告", Field.Store.NO));
            writer.AddDocument(doc);
            writer.Commit();
        }

        using var reader = DirectoryReader.Open(directory);
        var parsed = new QueryFactory(_query, _analysis).Parse("営業", out _);

        Assert.Null(new SnippetBuilder(_index, 40, 100_000).BuildFromPostings(reader, 0, "古い索引の営業報告", [(IndexFields.Text, QueryTerms.From(parsed, IndexFields.Text))]));
    }

    private static IndexDocument Document(string name, string text) => new()
    {
        Id = DocumentId.From("b", name),
        Bucket = "b",
        Key = name,
        Name = name,
        Path = "/docs/" + name,
        Kind = FileKind.Text,
        Text = text,
    };
}
