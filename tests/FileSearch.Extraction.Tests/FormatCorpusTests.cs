using FileSearch.Core.Domain;
using FileSearch.Core.Text;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Every file of the committed format corpus (tests/data/formats) through the real detector and extractors (NPOI,
/// LibreOffice, MimeKit, AngleSharp): its kind is found from content alone, and its own Japanese words come out.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FormatCorpusTests(ExtractionFixture fixture) : IClassFixture<ExtractionFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("fs-corpus");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, FileKind> Kinds => FormatCorpus.Kinds();

    public static TheoryData<string, string> Words => FormatCorpus.ExpectedWords();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task DetectAsync_CorpusFileWithoutExtension_KindFromContent(string name, FileKind expected)
    {
        var path = Path.Combine(_temp.Path, "upload.bin");
        File.Copy(FormatCorpus.File(name), path);

        var detected = await fixture.Detector.DetectAsync(path, "upload.bin", CancellationToken.None);

        Assert.Equal(expected, detected.Kind);
        Assert.True(detected.ByContent);
    }

    [Theory]
    [MemberData(nameof(Words))]
    public async Task ExtractAsync_CorpusFile_ContainsItsJapaneseWord(string name, string word)
    {
        var path = FormatCorpus.File(name);
        var kind = (await fixture.Detector.DetectAsync(path, name, CancellationToken.None)).Kind;

        var result = await fixture.ExtractorFor(kind).ExtractAsync(path, kind, CancellationToken.None);

        // Compared as the index sees it: a word that a converter wrapped or spaced must still be one word there.
        Assert.Contains(word, TextNormalizer.NormalizeForIndex(result.Text), StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', result.Text);
    }

    [Theory]
    [InlineData("社内報.html", "除外スクリプト")]
    [InlineData("社内報.html", "color")]
    [InlineData("書類送付.eml", "除外スクリプト")]
    [InlineData("見積依頼書.rtf", "Noto")]
    [InlineData("請求書送付.rtf", "明朝")]
    public async Task ExtractAsync_CorpusFile_LeavesOutWhatIsNotText(string name, string notText)
    {
        var path = FormatCorpus.File(name);
        var kind = (await fixture.Detector.DetectAsync(path, name, CancellationToken.None)).Kind;

        var result = await fixture.ExtractorFor(kind).ExtractAsync(path, kind, CancellationToken.None);

        Assert.DoesNotContain(notText, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_Xls_OnePagePerSheetWithItsName()
    {
        var path = FormatCorpus.File("在庫管理表.xls");

        var result = await fixture.ExtractorFor(FileKind.Xls).ExtractAsync(path, FileKind.Xls, CancellationToken.None);

        Assert.Equal("npoi-hssf", result.Method);
        Assert.NotNull(result.Pages);
        Assert.Equal(["倉庫\n在庫管理表\n品目\t数量\n段ボール\t120", "発注\n発注先\t株式会社東京"], result.Pages.Select(p => p.Text));
    }

    [Fact]
    public async Task ExtractAsync_Ppt_SlidesWithNotesThroughLibreOffice()
    {
        var path = FormatCorpus.File("事業計画.ppt");

        var result = await fixture.ExtractorFor(FileKind.Ppt).ExtractAsync(path, FileKind.Ppt, CancellationToken.None);

        Assert.Equal("libreoffice", result.Method);
        Assert.Equal(2, result.PageCount);
        Assert.NotNull(result.Pages);
        Assert.Contains("発表者メモ", result.Pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("プロジェクト推進室", result.Pages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_Ods_SheetNameThenRows()
    {
        var path = FormatCorpus.File("勤怠集計.ods");

        var result = await fixture.ExtractorFor(FileKind.Ods).ExtractAsync(path, FileKind.Ods, CancellationToken.None);

        Assert.Equal("odf", result.Method);
        Assert.Equal("集計\n勤怠集計\n氏名\t残業時間\n鈴木\t12.5", Assert.Single(result.Pages!).Text);
    }

    [Fact]
    public async Task ExtractAsync_Iso2022JpMail_HeadersAndBodyDecoded()
    {
        var path = FormatCorpus.File("納品遅延.eml");

        var result = await fixture.ExtractorFor(FileKind.Eml).ExtractAsync(path, FileKind.Eml, CancellationToken.None);

        Assert.Equal("mime", result.Method);
        Assert.StartsWith(
            "Subject: 納品遅延のお詫び\nFrom: 山田太郎 <yamada@example.co.jp>\nTo: sato@example.co.jp\nDate: 2025-01-14 10:00:00 +09:00\n\nお世話になっております。",
            result.Text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_HtmlMailWithAttachment_BodyAsTextAndAttachmentName()
    {
        var path = FormatCorpus.File("書類送付.eml");

        var result = await fixture.ExtractorFor(FileKind.Eml).ExtractAsync(path, FileKind.Eml, CancellationToken.None);

        Assert.Contains("\n年末調整の書類を添付します。\n", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("\nAttachments: 源泉徴収票.pdf", result.Text, StringComparison.Ordinal);
    }
}
