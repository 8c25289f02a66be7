using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Testing;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>
/// A document whose text fields are analysed each on its own thread (<see cref="IndexDocument.AnalyzeInParallel"/>) is
/// indexed exactly as one analysed on the writer's thread: same terms, positions, offsets and length norms in every field,
/// with the analysis the host configures (MeCab ipadic, bigrams, UniDic lemmas after the variant char filters).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SideBySideAnalysisTests(VariantsFixture fixture) : IClassFixture<VariantsFixture>, IDisposable
{
    // The opening of Natsume Soseki's Botchan (1906), as printed.
    private const string Botchan =
        "親譲りの無鉄砲で小供の時から損ばかりしている。小学校に居る時分学校の二階から飛び降りて一週間ほど腰を抜かした事がある。"
        + "なぜそんな無闇をしたと聞く人があるかも知れぬ。別段深い理由でもない。新築の二階から首を出していたら、同級生の一人が冗談に、"
        + "いくら威張っても、そこから飛び降りる事は出来まい。弱虫やーい。と囃したからである。小使に負ぶさって帰って来た時、"
        + "おやじが大きな眼をして二階ぐらいから飛び降りて腰を抜かす奴があるかと云ったから、この次は抜かさずに飛んで見せますと答えた。";

    // An office memo with the awkward parts: full-width Latin and digits, notation variants the char filters fold, a URL.
    private const string Memo =
        "【議事録】２０２５年４月の定例会議\n出席：髙橋、山﨑、ＡＢＣ商事の佐藤様\n"
        + "１．見積りの申し込み手続きについて、お問い合わせ窓口をウィンドウ一つにまとめる。"
        + "取り扱い説明書（Ver.2.1）は https://example.co.jp/manual から取得できる。\n"
        + "２．サーバー移行の件：メンテナンスは土曜日の午前２時から。ヴァイオリン教室の予約システムも同時に停止する。\n"
        + "３．次回は５月１２日（月）１０：００～、第３会議室。資料は前日までに共有フォルダへ置くこと。";

    private readonly TempDirectory _temp = new("fs-side-by-side");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(Botchan)]
    [InlineData(Memo)]
    public async Task IndexAsync_TextAnalysedSideBySide_SamePostingsAsOnTheWritersThread(string text)
    {
        var (oneThread, usedOne) = await IndexAndDumpAsync("one", text, sideBySide: false);
        var (sideBySide, usedSide) = await IndexAndDumpAsync("side", text, sideBySide: true);

        Assert.Equal((0, 1), (usedOne, usedSide));
        Assert.Contains($"[{IndexFields.TextNorm}]", oneThread, StringComparison.Ordinal);
        Assert.Equal(oneThread, sideBySide);
    }

    [Fact]
    public async Task IndexAsync_ShortTextWithTheHint_AnalysedOnTheWritersThread()
    {
        var (_, used) = await IndexAndDumpAsync("short", "見積書の件", sideBySide: true);

        Assert.Equal(0, used);
    }

    [Fact]
    public async Task IndexAsync_TextOverTheSideBySideLimitWithTheHint_AnalysedOnTheWritersThread()
    {
        // Its tokens would all be held at once: the writer streams them instead.
        var text = string.Concat(Enumerable.Repeat(Memo, (LuceneSearchIndex.ParallelAnalysisMaxChars / Memo.Length) + 1));

        var (_, used) = await IndexAndDumpAsync("long", text, sideBySide: true);

        Assert.Equal(0, used);
    }

    /// <summary>Indexes one document into a fresh index and returns every analysed field's postings as text.</summary>
    private async Task<(string Postings, int SideBySide)> IndexAndDumpAsync(string name, string text, bool sideBySide)
    {
        var location = _temp.Combine(name);
        var index = LuceneTestIndex.Create(location, analysis: fixture.Analysis);
        string path;
        int used;
        await using (index)
        {
            await index.IndexAsync(new IndexDocument
            {
                Id = DocumentId.From("bucket", "memo.txt"),
                Bucket = "bucket",
                Key = "memo.txt",
                Name = "定例会議_議事録.txt",
                Path = "/share/総務/定例会議_議事録.txt",
                Text = text,
                AnalyzeInParallel = sideBySide,
            }, CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
            (path, used) = (index.Location, index.SideBySideAnalyses);
        }

        return (Dump(path), used);
    }

    private static string Dump(string indexPath)
    {
        using var directory = FSDirectory.Open(indexPath);
        using var reader = DirectoryReader.Open(directory);
        var dump = new StringBuilder();
        foreach (var field in new[] { IndexFields.Text, IndexFields.TextBigram, IndexFields.TextNorm, IndexFields.Name })
        {
            dump.Append('[').Append(field).Append("] norm ").Append(MultiDocValues.GetNormValues(reader, field)?.Get(0)).Append('\n');
            var terms = MultiFields.GetTerms(reader, field);
            if (terms is null)
            {
                continue;
            }

            var termsEnum = terms.GetEnumerator();
            while (termsEnum.MoveNext())
            {
                dump.Append(termsEnum.Term.Utf8ToString());
                var positions = termsEnum.DocsAndPositions(null, null);
                positions.NextDoc();
                for (var i = 0; i < positions.Freq; i++)
                {
                    var position = positions.NextPosition();
                    dump.Append(CultureInfo.InvariantCulture, $" {position}:{positions.StartOffset}-{positions.EndOffset}");
                }

                dump.Append('\n');
            }
        }

        return dump.ToString();
    }
}
