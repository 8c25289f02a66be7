using FileSearch.Core.Domain;
using FileSearch.Core.Similarity;

namespace FileSearch.Core.Tests.Similarity;

[Trait("Category", "Unit")]
public sealed class DuplicateFinderTests
{
    private const string Minutes = "議事録　令和六年度第三回営業会議。出席者は営業部長、課長二名、担当者五名。議題一、上期売上の振り返り。" +
        "前年同期比で百十二パーセントと好調に推移した。議題二、下期重点顧客の選定。関東地区の既存顧客を中心に訪問計画を立てる。";

    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_ExactCopiesInThreeFolders_OneGroupOldestKeptWasteCounted()
    {
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/営業/議事録.pdf", "h1", Minutes, 1000, T0.AddDays(2)),
            Doc("/nas/共有/議事録.pdf", "h1", Minutes, 1000, T0),
            Doc("/nas/個人/議事録(1).pdf", "h1", Minutes, 1000, T0.AddDays(5)),
        ]);

        var group = Assert.Single(report.Groups);
        Assert.Equal(DuplicateKind.Exact, group.Kind);
        Assert.Equal("/nas/共有/議事録.pdf", group.Members[0].Path);
        Assert.Equal(2000, group.WastedBytes);
        Assert.Equal(["/nas/個人", "/nas/営業"], report.Folders.Select(f => f.Folder).Order(StringComparer.Ordinal));
        Assert.Equal(2000, report.WastedBytes);
    }

    [Fact]
    public void Find_LightEditAndUnrelated_NearGroupWithoutUnrelated()
    {
        var report = DuplicateFinder.Find(
        [
            Doc("/nas/a/議事録.docx", "h1", Minutes, 900, T0),
            Doc("/nas/a/議事録_修正.docx", "h2", Minutes.Replace("五名", "六名", StringComparison.Ordinal), 905, T0),
            Doc("/nas/b/猫.txt", "h3", "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。", 100, T0),
        ]);

        var group = Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Near);
        Assert.Equal(["/nas/a/議事録.docx", "/nas/a/議事録_修正.docx"], group.Members.Select(m => m.Path));
        // Same folder, names alike once 修正 is removed: also two versions of one document.
        Assert.Equal(group.Members.Select(m => m.Id.Value).Order(StringComparer.Ordinal),
            Assert.Single(report.Groups, g => g.Kind == DuplicateKind.Family).Members.Select(m => m.Id.Value).Order(StringComparer.Ordinal));
        Assert.InRange(group.Similarity, DuplicateFinder.DefaultThreshold, 1.0);
        Assert.Equal(0, report.WastedBytes);
    }

    [Fact]
    public void Find_SameTextInPdfAndDocx_NearGroupNotExact()
    {
        var report = DuplicateFinder.Find([Doc("/nas/議事録.pdf", "h1", Minutes, 5000, T0), Doc("/nas/議事録.docx", "h2", Minutes, 900, T0)]);

        Assert.Equal(DuplicateKind.Near, Assert.Single(report.Groups).Kind);
    }

    [Fact]
    public void Find_NoHashNoText_CountedNotGrouped()
    {
        var report = DuplicateFinder.Find([Doc("/nas/a.bin", null, null, 10, T0), Doc("/nas/b.bin", null, null, 10, T0)]);

        Assert.Empty(report.Groups);
        Assert.Equal((2, 2), (report.Examined, report.WithoutHash));
    }

    [Fact]
    public void From_RecordWithoutSignature_SignatureComputedFromStoredText()
    {
        var record = new DocumentRecord { Id = DocumentId.From("nas", "a.txt"), Bucket = "nas", Key = "a.txt", Name = "a.txt", Text = Minutes };

        var candidate = DuplicateCandidate.From(record);

        Assert.Equal(MinHashSignature.Compute(Minutes), candidate.Signature);
        Assert.Equal("a.txt", candidate.Path);
    }

    private static DuplicateCandidate Doc(string path, string? hash, string? text, long size, DateTimeOffset modified) =>
        new(DocumentId.From("nas", path), path, size, modified, hash, MinHashSignature.Compute(text));
}
