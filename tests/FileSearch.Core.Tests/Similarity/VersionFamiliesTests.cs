using FileSearch.Core.Domain;
using FileSearch.Core.Similarity;

namespace FileSearch.Core.Tests.Similarity;

[Trait("Category", "Unit")]
public sealed class VersionFamiliesTests
{
    private const string Quote = "御見積書。件名、社内ネットワーク更改工事。見積金額は金三百二十万円（消費税別）とする。内訳は機器費百八十万円、" +
        "工事費九十万円、設計費五十万円である。有効期限は発行日から三十日間。納期は受注後六週間。支払条件は月末締め翌月末払いとする。";

    private const string Other = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。";

    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_QuoteVersionsInOneFolder_OneFamilyNewestLatest()
    {
        var v3 = Quote.Replace("三百二十万円", "三百万円", StringComparison.Ordinal).Replace("六週間", "八週間", StringComparison.Ordinal);
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/営業/見積書_v3_最終.xlsx", v3, T0.AddDays(3)),
            Doc("/nas/営業/見積書_v2.xlsx", Quote, T0),
            Doc("/nas/営業/議事録.docx", Other, T0.AddDays(9)),
        ]);

        var family = Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Family);
        Assert.Equal(["/nas/営業/見積書_v2.xlsx", "/nas/営業/見積書_v3_最終.xlsx"], family.Members.Select(m => m.Path));
        Assert.Equal(family.Members[1].Id, family.Latest);
    }

    [Fact]
    public void Find_ContractFinalBesideFinalFixed_OneFamily()
    {
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/法務/契約書_v2_最終.docx", Quote, T0),
            Doc("/nas/法務/契約書_最終_修正.docx", Quote.Replace("三十日間", "六十日間", StringComparison.Ordinal), T0.AddHours(5)),
        ]);

        Assert.Equal("/nas/法務/契約書_最終_修正.docx", Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Family).Members[^1].Path);
    }

    [Fact]
    public void Find_HeavierEditBelowNearThreshold_FamilyButNotNear()
    {
        var heavy = Quote[..(Quote.Length * 2 / 3)] + "以上、よろしくご検討ください。";
        var (a, b) = (Doc("/nas/営業/見積書.xlsx", Quote, T0), Doc("/nas/営業/見積書_改訂版.xlsx", heavy, T0.AddDays(1)));
        Assert.InRange(a.Signature!.Similarity(b.Signature!), DuplicateFinder.DefaultFamilyThreshold, DuplicateFinder.DefaultThreshold);

        var report = DuplicateFinder.Find([a, b]);

        Assert.DoesNotContain(report.Groups, g => g.Kind == DuplicateKind.Near);
        Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Family);
    }

    [Fact]
    public void Find_VersionNameInDistantFolder_NoFamily()
    {
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/営業/2026/見積書_v2.xlsx", Quote, T0),
            Doc("/nas/個人/田中/見積書_v3.xlsx", Quote.Replace("六週間", "八週間", StringComparison.Ordinal), T0.AddDays(1)),
        ]);

        Assert.DoesNotContain(report.Groups, g => g.Kind == DuplicateKind.Family);
        Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Near);
    }

    [Fact]
    public void Find_SameNameUnrelatedText_NoFamily()
    {
        var report = DuplicateFinder.Find([Doc("/nas/a/見積書_v2.xlsx", Quote, T0), Doc("/nas/a/見積書_v3.xlsx", Other, T0.AddDays(1))]);

        Assert.Empty(report.Groups);
    }

    [Fact]
    public void Find_CopiesOnly_ExactGroupNoFamily()
    {
        var report = DuplicateFinder.Find([Doc("/nas/a/見積書.xlsx", Quote, T0), Doc("/nas/a/見積書 - コピー.xlsx", Quote, T0.AddDays(1))]);

        Assert.Equal(DuplicateKind.Exact, Assert.Single(report.Groups).Kind);
    }

    [Fact]
    public void Find_SameModificationTime_OrderedByStatedVersion()
    {
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/a/提案書_最終.pptx", Quote + "。", T0),
            Doc("/nas/a/提案書_v2.pptx", Quote.Replace("三十日間", "六十日間", StringComparison.Ordinal), T0),
            Doc("/nas/a/提案書_v1.pptx", Quote, T0),
        ]);

        Assert.Equal(["/nas/a/提案書_v1.pptx", "/nas/a/提案書_v2.pptx", "/nas/a/提案書_最終.pptx"],
            Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Family).Members.Select(m => m.Path));
    }

    [Theory]
    [InlineData("/nas/a", "/nas/a", true)]
    [InlineData("/nas/a", "/nas/a/旧", true)]
    [InlineData("/nas/a", "/nas/b", true)]
    [InlineData("/nas/a/x", "/nas/b/x", false)]
    [InlineData("/nas/a", "/nas/a/x/y", false)]
    public void Near_Folders_Expected(string a, string b, bool expected) => Assert.Equal(expected, VersionFamilies.Near(a, b));

    private static DuplicateCandidate Doc(string path, string text, DateTimeOffset modified) =>
        new(DocumentId.From("nas", path), path, text.Length * 3, modified,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), MinHashSignature.Compute(text));
}
