using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Mecab;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Tests.Mecab;

[Trait("Category", "Integration")]
public sealed class MecabTextAnalysisTests(MecabFixture fixture) : IClassFixture<MecabFixture>
{
    [Theory]
    [InlineData("行きました", "行く")]
    [InlineData("営業報告書を提出します。", "営業 報告 書 提出 する")]
    [InlineData("サーバーとサーバ", "サーバ サーバ")]
    [InlineData("東京都", "東京 都")]
    [InlineData("The reports were approved", "the report were approv")]
    [InlineData("ＡＢＣ株式会社", "abc 株式会社")]
    [InlineData("", "")]
    [InlineData("\"apple #1", "appl 1")]
    public void Analyze_Text_ProducesBaseFormsWithoutParticles(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Terms(text, IndexFields.Text)));
    }

    [Fact]
    public void Analyze_RecallField_ProducesBigrams()
    {
        Assert.Contains("京都", Terms("東京都", IndexFields.TextBigram));
    }

    [Fact]
    public void Analyze_DroppedParticle_LeavesPositionGap()
    {
        using var analyzer = fixture.Analysis.CreateAnalyzer(AnalysisPurpose.Index);
        using var stream = analyzer.GetTokenStream(IndexFields.Text, "営業の報告");
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var increments = new List<int>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            increments.Add(increment.PositionIncrement);
        }

        stream.End();
        Assert.Equal([1, 2], increments);
    }

    [Fact]
    public void Analyze_Offsets_PointAtSurface()
    {
        var spans = AnalyzedTokens.Of(fixture.Analysis, "昨日 東京に行きました", IndexFields.Text).Select(t => (t.Start, t.End));
        Assert.Equal([(0, 2), (3, 5), (6, 8)], spans);
    }

    [Theory]
    [InlineData("京都", false)]
    [InlineData("営業", false)]
    [InlineData("report", false)]
    [InlineData("株", true)]
    [InlineData("ほげぴよふがー", true)]
    public void NeedsRecall_Word_TrueOnlyForUnknownOrSingleCharacters(string word, bool expected)
    {
        Assert.Equal(expected, fixture.Analysis.NeedsRecall(word));
    }

    [Fact]
    public async Task LiveLattices_ConcurrentParses_PooledNotLeakedAndFreedOnDispose()
    {
        var analysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error) ?? throw new InvalidOperationException(error);
        var analyses = Enumerable.Range(0, 200).Select(i => Task.Run(() => analysis.NeedsRecall($"営業報告書第{i}号"))).ToArray();
        await Task.WhenAll(analyses);

        Assert.InRange(analysis.LiveLattices, 1, Environment.ProcessorCount * 2);
        analysis.Dispose();
        Assert.Equal(0, analysis.LiveLattices);
    }

    [Fact]
    public void TryCreate_MissingDictionary_ReturnsActionableError()
    {
        var analysis = MecabTextAnalysis.TryCreate("/nonexistent/mecab-dic", out var error);

        Assert.Null(analysis);
        Assert.Contains("apt-get install libmecab2 mecab-ipadic-utf8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_HostileText_OffsetsStayInsideTheText()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 3000));
        var text = "壊れた\uD800文字\0と" + new string('漢', 5000) + emoji + "\uDC00最後";
        using var analyzer = fixture.Analysis.CreateAnalyzer(AnalysisPurpose.Index);
        using var stream = analyzer.GetTokenStream(IndexFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var terms = new List<string>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            Assert.InRange(offset.StartOffset, 0, offset.EndOffset);
            Assert.InRange(offset.EndOffset, offset.StartOffset, text.Length);
            terms.Add(term.ToString());
        }

        stream.End();
        Assert.Contains("最後", terms);
        Assert.Contains("文字", terms);
    }

    [Fact]
    public void ChunkEnd_NoBoundaryAndSurrogatePairAtLimit_NeverSplitsThePair()
    {
        var text = new string('a', MecabParserChunk - 1) + "😀" + "tail";

        var end = MecabParser.ChunkEnd(text, 0);

        Assert.Equal(MecabParserChunk - 1, end);
    }

    private const int MecabParserChunk = MecabParser.ChunkChars;

    private List<string> Terms(string text, string field) => AnalyzedTokens.Terms(fixture.Analysis, text, field);
}
