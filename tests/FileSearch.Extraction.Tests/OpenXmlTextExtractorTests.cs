using FileSearch.Core.Domain;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Integration")]
public sealed class OpenXmlTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-office");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExtractAsync_Docx_ParagraphsTablesHeadersAndFooters()
    {
        var path = Path("contract.docx");
        OfficeFiles.CreateDocx(path);

        var result = await CreateSut().ExtractAsync(path, FileKind.Docx, CancellationToken.None);

        Assert.Equal("openxml", result.Method);
        Assert.Equal(
            "業務委託契約書\n" +
            "第1条\t目的-範囲\n" +
            "甲は乙に委託する。\n乙はこれを受託する。\n" +
            "品目\t数量\t金額\n" +
            "検索サーバー\t2\t1,200,000円\n" +
            "コンテンツコントロール内の段落\n" +
            "\n社外秘\n" +
            "\n東京データ株式会社",
            result.Text);
        Assert.DoesNotContain("削除された文", result.Text, StringComparison.Ordinal);
        Assert.Equal(2, result.PageCount);
        Assert.Null(result.Pages);
    }

    [Fact]
    public async Task ExtractAsync_Xlsx_SheetsRowsAndCellValues()
    {
        var path = Path("sales.xlsx");
        OfficeFiles.CreateXlsx(path);

        var result = await CreateSut().ExtractAsync(path, FileKind.Xlsx, CancellationToken.None);

        Assert.Equal(2, result.PageCount);
        var pages = result.Pages;
        Assert.NotNull(pages);
        Assert.Equal(
            "売上\n" +
            "商品名\t売上高\n" +
            "東京本社\t1250000\n" +
            "大阪支店\t980000.5\n" +
            "合計\t2230000.5\n" +
            "達成\tTRUE",
            pages[0].Text);
        Assert.Equal("経費\n交通費\t4200\n出張費", pages[1].Text);
        Assert.Equal(pages[0].Text + "\n\n" + pages[1].Text, result.Text);
        Assert.DoesNotContain("トウキョウホンシャ", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_Pptx_SlidesWithNotesOnly()
    {
        var path = Path("launch.pptx");
        OfficeFiles.CreatePptx(path);

        var result = await CreateSut().ExtractAsync(path, FileKind.Pptx, CancellationToken.None);

        Assert.Equal(2, result.PageCount);
        var pages = result.Pages;
        Assert.NotNull(pages);
        Assert.Equal("新製品発表\nクラウド検索サービスの概要\n導入事例のご紹介\n\n発表者メモ：価格は来週決定。", pages[0].Text);
        Assert.Equal("今後の予定\n四月に提供開始", pages[1].Text);
        Assert.DoesNotContain("スライド画像", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_ZipBombEntry_DecompressionBombBeforeParsing()
    {
        var path = Path("bomb.docx");
        OfficeFiles.CreateDocx(path);
        OfficeFiles.AddZeroEntry(path, "word/media/image1.bin", 48L * 1024 * 1024);
        var logger = new ListLogger<OpenXmlTextExtractor>();

        var ex = await TestSupport.AssertPermanentAsync("decompression-bomb", () =>
            TestSupport.OpenXml(logger: logger).ExtractAsync(path, FileKind.Docx, CancellationToken.None));

        Assert.Contains("word/media/image1.bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.EventId == 2401);
    }

    [Fact]
    public async Task ExtractAsync_UncompressedSizeOverLimit_DecompressionBomb()
    {
        var path = Path("big.xlsx");
        OfficeFiles.CreateXlsx(path, extraRows: 200);

        var ex = await TestSupport.AssertPermanentAsync("decompression-bomb", () =>
            CreateSut(o => o.MaxZipUncompressedBytes = 8 * 1024).ExtractAsync(path, FileKind.Xlsx, CancellationToken.None));

        Assert.Contains("8192 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_PackageRatioOverLimit_DecompressionBomb()
    {
        var path = Path("sparse.xlsx");
        OfficeFiles.CreateXlsx(path, extraRows: 20_000);

        var ex = await TestSupport.AssertPermanentAsync("decompression-bomb", () =>
            CreateSut(o => o.MaxZipCompressionRatio = 2).ExtractAsync(path, FileKind.Xlsx, CancellationToken.None));

        Assert.Contains("ratio", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_TooManyEntries_DecompressionBomb()
    {
        var path = Path("many.pptx");
        OfficeFiles.CreatePptx(path);

        await TestSupport.AssertPermanentAsync("decompression-bomb", () =>
            CreateSut(o => o.MaxZipEntries = 3).ExtractAsync(path, FileKind.Pptx, CancellationToken.None));
    }

    [Theory]
    [InlineData(FileKind.Xlsx, "売上\n商品名\t売上高\n", "経費")]
    [InlineData(FileKind.Docx, "業務委託契約書\n第1条", "社外秘")]
    public async Task ExtractAsync_TextBeyondLimit_TruncatedAtLimit(FileKind kind, string start, string neverReached)
    {
        var path = Path($"long.{kind.ShortName()}");
        if (kind == FileKind.Xlsx)
        {
            OfficeFiles.CreateXlsx(path, extraRows: 500);
        }
        else
        {
            OfficeFiles.CreateDocx(path, extraParagraphs: 300);
        }

        var result = await CreateSut(o => o.MaxTextChars = 1024).ExtractAsync(path, kind, CancellationToken.None);

        Assert.Equal("true", result.Properties!["truncated"]);
        Assert.InRange(result.Text.Length, 900, 1024);
        Assert.StartsWith(start, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(neverReached, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_LargeSheet_EveryRowStreamed()
    {
        var path = Path("ledger.xlsx");
        OfficeFiles.CreateXlsx(path, extraRows: 3000);

        var result = await CreateSut().ExtractAsync(path, FileKind.Xlsx, CancellationToken.None);

        Assert.Equal("false", result.Properties!["truncated"]);
        Assert.Contains("明細行0\t100\n", result.Text, StringComparison.Ordinal);
        Assert.Contains("明細行2999\t100\n", result.Text, StringComparison.Ordinal);
        Assert.Equal(3000 + 5, result.Pages![0].Text.Split('\n').Count(l => l.Contains('\t', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ExtractAsync_PptxTextBeyondLimit_StopsAtLimit()
    {
        var path = Path("launch.pptx");
        OfficeFiles.CreatePptx(path);
        var logger = new ListLogger<OpenXmlTextExtractor>();

        var result = await TestSupport.OpenXml(o => o.MaxTextChars = 20, logger).ExtractAsync(path, FileKind.Pptx, CancellationToken.None);

        Assert.Equal("true", result.Properties!["truncated"]);
        Assert.Equal("新製品発表\nクラウド検索サービスの概要", result.Text);
        Assert.Single(result.Pages!);
        Assert.Equal(2, result.PageCount);
        Assert.Contains(logger.Entries, e => e.EventId == 2501);
    }

    [Fact]
    public async Task ExtractAsync_GarbageNamedDocx_CorruptOffice()
    {
        var path = Path("garbage.docx");
        File.WriteAllBytes(path, TestSupport.RandomBytes(4000));

        await TestSupport.AssertPermanentAsync("corrupt-office", () => CreateSut().ExtractAsync(path, FileKind.Docx, CancellationToken.None));
    }

    [Fact]
    public async Task ExtractAsync_TruncatedPackage_CorruptOffice()
    {
        var path = Path("cut.xlsx");
        OfficeFiles.CreateXlsx(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        await TestSupport.AssertPermanentAsync("corrupt-office", () => CreateSut().ExtractAsync(path, FileKind.Xlsx, CancellationToken.None));
    }

    [Theory]
    [InlineData(FileKind.Docx)]
    [InlineData(FileKind.Xlsx)]
    [InlineData(FileKind.Pptx)]
    public async Task ExtractAsync_ZipWithoutOfficeParts_CorruptOffice(FileKind kind)
    {
        var path = Path($"plain.{kind.ShortName()}");
        OfficeFiles.CreateZip(path, ("readme.txt", "hello"u8.ToArray()));

        var ex = await TestSupport.AssertPermanentAsync("corrupt-office", () => CreateSut().ExtractAsync(path, kind, CancellationToken.None));

        Assert.Contains(kind.ShortName().ToUpperInvariant(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FileKind.Xlsx, FileKind.Docx)]
    [InlineData(FileKind.Docx, FileKind.Xlsx)]
    [InlineData(FileKind.Docx, FileKind.Pptx)]
    public async Task ExtractAsync_PackageOfAnotherKind_CorruptOffice(FileKind actual, FileKind claimed)
    {
        var path = Path($"file.{claimed.ShortName()}");
        OfficeFiles.Create(actual, path);

        var ex = await TestSupport.AssertPermanentAsync("corrupt-office", () => CreateSut().ExtractAsync(path, claimed, CancellationToken.None));

        Assert.Contains("main part", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_Ole2Document_UnsupportedOffice()
    {
        var path = Path("protected.docx");
        File.WriteAllBytes(path, [.. Convert.FromHexString("D0CF11E0A1B11AE1"), .. new byte[1024]]);

        await TestSupport.AssertPermanentAsync("unsupported-office", () => CreateSut().ExtractAsync(path, FileKind.Docx, CancellationToken.None));
    }

    [Fact]
    public async Task ExtractAsync_NotOfficeKind_ArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateSut().ExtractAsync(Path("x.pdf"), FileKind.Pdf, CancellationToken.None));
    }

    [Fact]
    public async Task ExtractAsync_Cancelled_Throws()
    {
        var path = Path("sales.xlsx");
        OfficeFiles.CreateXlsx(path);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().ExtractAsync(path, FileKind.Xlsx, cts.Token));
    }

    [Fact]
    public void CanExtract_OfficeKindsOnly()
    {
        var sut = CreateSut();
        Assert.True(sut.CanExtract(FileKind.Docx));
        Assert.True(sut.CanExtract(FileKind.Xlsx));
        Assert.True(sut.CanExtract(FileKind.Pptx));
        Assert.False(sut.CanExtract(FileKind.Zip));
    }

    private static OpenXmlTextExtractor CreateSut(Action<ExtractionOptions>? configure = null) => TestSupport.OpenXml(configure);

    private string Path(string name) => _temp.Combine(name);
}
