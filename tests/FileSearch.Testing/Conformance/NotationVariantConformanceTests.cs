using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// The <see cref="SearchIndexConformanceTests"/> suite plus Japanese notation variants (表記ゆれ), for every adapter in
/// the analysis it runs with by default (Lucene with MeCab and UniDic, OpenSearch with kuromoji and the variant char
/// filters): a word is found however the document spells it, in both directions, the spelling typed ranks first and
/// the snippet marks the document's own spelling. The analyses without a normalised field (CJK bigrams alone, ipadic
/// alone) run the base suite only.
/// </summary>
public abstract class NotationVariantConformanceTests : SearchIndexConformanceTests
{
    private const string Sentence = "の内容を確認し、担当者へ連絡しました。";

    [Theory]
    [InlineData("申込", "申し込み")]
    [InlineData("申込み", "申込")]
    [InlineData("申し込み", "申込み")]
    [InlineData("問合せ", "問い合わせ")]
    [InlineData("取扱", "取り扱い")]
    [InlineData("取扱い", "取扱")]
    [InlineData("見積", "見積り")]
    [InlineData("見積もり", "見積")]
    [InlineData("髙橋", "高橋")]
    [InlineData("山﨑", "山崎")]
    [InlineData("ウィンドウ", "ウインドウ")]
    public async Task SearchAsync_NotationVariant_FindsBothSpellingsInBothDirectionsTypedSpellingFirst(string one, string other)
    {
        await IndexAndCommitAsync(
            Create("one.txt", one + Sentence),
            Create("other.txt", other + Sentence),
            Create("unrelated.txt", "申請" + Sentence));

        foreach (var (query, exact) in new[] { (one, "one.txt"), (other, "other.txt") })
        {
            var results = await SearchAsync(query);

            Assert.Equal(["one.txt", "other.txt"], Keys(results));
            Assert.Equal("/nas/share/" + exact, results.Hits[0].Path);
        }
    }

    [Theory]
    [InlineData("申込", "申し込み")]
    [InlineData("見積", "見積り")]
    [InlineData("高橋", "髙橋")]
    [InlineData("ウィンドウ", "ウインドウ")]
    public async Task SearchAsync_NotationVariant_SnippetMarksTheDocumentsSpelling(string query, string written)
    {
        await IndexAndCommitAsync(Create("doc.txt", $"本日、{written}{Sentence}"));

        var hit = Assert.Single((await SearchAsync(query)).Hits);

        Assert.Contains(hit.Snippet, p => p.IsMatch && p.Text.Contains(written, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchAsync_CompoundPart_FindsTheCompound()
    {
        await IndexAndCommitAsync(
            Create("receipt.txt", "納品書兼受領書を同封いたしますので、ご確認ください。"),
            Create("other.txt", "請求書を同封いたしますので、ご確認ください。"));

        Assert.Equal(["receipt.txt"], Keys(await SearchAsync("納品")));
        Assert.Equal(["receipt.txt"], Keys(await SearchAsync("受領")));
    }
}
