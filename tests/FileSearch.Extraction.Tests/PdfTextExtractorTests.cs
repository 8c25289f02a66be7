using FileSearch.Core.Domain;
using FileSearch.Testing;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Integration")]
public sealed class PdfTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-pdf");

    public void Dispose() => _temp.Dispose();

    /// <summary>The contract as LibreOffice laid it out on A4: the long second line wraps before 約.</summary>
    private const string ContractAsLaidOut =
        "業務委託契約書\n" +
        "株式会社サンプル（以下「甲」という。）と東京データ株式会社（以下「乙」という。）は、次のとおり契\n" +
        "約を締結する。\n" +
        "第1条（目的）本契約は、甲が乙に委託する文書検索システムの開発業務に関する基本的な事項を定める。\n" +
        "第2条（契約期間）契約期間は2025年4月1日から2026年3月31日までとする。";

    [Fact]
    public async Task ExtractAsync_JapaneseTextLayer_KeepsLinesAndText()
    {
        var result = await CreateSut().ExtractAsync(TestSupport.Fixture("contract-ja.pdf"), FileKind.Pdf, CancellationToken.None);

        Assert.Equal("text-layer", result.Method);
        Assert.Equal(1, result.PageCount);
        var page = Assert.Single(result.Pages!);
        Assert.Equal(1, page.Number);
        Assert.Equal(ContractAsLaidOut, result.Text);
        Assert.Equal(ContractAsLaidOut, page.Text.TrimEnd());
        Assert.Equal("false", result.Properties!["truncated"]);
        Assert.Equal("0", result.Properties["emptyPages"]);
    }

    [Fact]
    public async Task ExtractAsync_ThreePages_TextPerPage()
    {
        var result = await CreateSut().ExtractAsync(TestSupport.Fixture("report-ja-3pages.pdf"), FileKind.Pdf, CancellationToken.None);

        Assert.Equal(3, result.PageCount);
        var pages = result.Pages;
        Assert.NotNull(pages);
        Assert.Equal([1, 2, 3], pages.Select(p => p.Number));
        Assert.Equal("第一章 売上の概要\n今月の売上は前年同月比で十二パーセント増加した。", pages[0].Text.Trim());
        Assert.Equal("第二章 課題と対策\n物流費の上昇が利益を圧迫している。", pages[1].Text.Trim());
        Assert.Equal("第三章 来月の計画\n新製品の販売を開始する予定である。", pages[2].Text.Trim());
        Assert.Equal(string.Join("\n\n", pages.Select(p => p.Text.Trim())), result.Text);
    }

    [Fact]
    public async Task ExtractAsync_PageWithoutTextLayer_EmptyPageTextKeepsStructure()
    {
        var logger = new ListLogger<PdfTextExtractor>();
        var path = Write(BuildPdf(["Quarterly report, page one."], blankPageAfter: true));

        var result = await TestSupport.Pdf(logger: logger).ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(2, result.PageCount);
        var pages = result.Pages;
        Assert.NotNull(pages);
        Assert.Equal(2, pages.Count);
        Assert.Equal("Quarterly report, page one.", pages[0].Text.Trim());
        Assert.Equal(2, pages[1].Number);
        Assert.Equal(string.Empty, pages[1].Text.Trim());
        Assert.Equal("Quarterly report, page one.", result.Text);
        Assert.Equal("1", result.Properties!["emptyPages"]);
        Assert.Equal("Quarterly report", result.Properties["title"]);
        Assert.Contains(logger.Entries, e => e.EventId == 2301 && e.Message.StartsWith("1 of 2 pages of ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_TextBeyondLimit_StopsAtLimitAndMarksTruncated()
    {
        var logger = new ListLogger<PdfTextExtractor>();
        var lines = Enumerable.Range(1, 20).Select(i => $"Page {i} of a long document with repeated text.").ToArray();
        var path = Write(BuildPdf(lines));

        var result = await TestSupport.Pdf(o => o.MaxTextChars = 100, logger).ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(20, result.PageCount);
        Assert.Equal("true", result.Properties!["truncated"]);
        var pages = result.Pages;
        Assert.NotNull(pages);
        Assert.InRange(pages.Count, 2, 3);
        Assert.Equal(100, pages.Sum(p => p.Text.Length));
        Assert.True(result.Text.Length <= 100 + (2 * (pages.Count - 1)), $"{result.Text.Length} characters kept"); // + page separators
        Assert.StartsWith("Page 1 of a long document", result.Text, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.EventId == 2501);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.98)]
    public async Task ExtractAsync_TruncatedCopy_CorruptPdf(double keep)
    {
        var bytes = File.ReadAllBytes(TestSupport.Fixture("contract-ja.pdf"));
        var path = Write(bytes[..(int)(bytes.Length * keep)]);

        var ex = await TestSupport.AssertPermanentAsync("corrupt-pdf", () => CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_EncryptedWithoutPassword_EncryptedPdf()
    {
        var ex = await TestSupport.AssertPermanentAsync("encrypted-pdf", () =>
            CreateSut().ExtractAsync(TestSupport.Fixture("contract-ja-encrypted.pdf"), FileKind.Pdf, CancellationToken.None));

        Assert.Equal("PDF is encrypted and no password is configured", ex.Message);
    }

    [Fact]
    public async Task ExtractAsync_EncryptedWithWrongPassword_EncryptedPdf()
    {
        var ex = await TestSupport.AssertPermanentAsync("encrypted-pdf", () =>
            CreateSut(o => o.PdfPassword = "not-it").ExtractAsync(TestSupport.Fixture("contract-ja-encrypted.pdf"), FileKind.Pdf, CancellationToken.None));

        Assert.Equal("PDF is encrypted and the configured password does not open it", ex.Message);
    }

    [Fact]
    public async Task ExtractAsync_EncryptedWithConfiguredPassword_ExtractsText()
    {
        var result = await CreateSut(o => o.PdfPassword = "user-secret")
            .ExtractAsync(TestSupport.Fixture("contract-ja-encrypted.pdf"), FileKind.Pdf, CancellationToken.None);

        Assert.Equal(ContractAsLaidOut, result.Text);
    }

    [Fact]
    public async Task ExtractAsync_GarbageNamedPdf_CorruptPdf()
    {
        var path = Write(TestSupport.RandomBytes(5000));

        var ex = await TestSupport.AssertPermanentAsync("corrupt-pdf", () => CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None));

        Assert.Contains("not a PDF", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_HeaderAndEofAroundGarbage_CorruptPdf()
    {
        var path = Write([.. "%PDF-1.7\n"u8, .. TestSupport.RandomBytes(5000), .. "\n%%EOF\n"u8]);

        await TestSupport.AssertPermanentAsync("corrupt-pdf", () => CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None));
    }

    [Fact]
    public async Task ExtractAsync_OneUnreadablePage_OtherPagesKeptAndLogged()
    {
        var logger = new ListLogger<PdfTextExtractor>();
        var path = Write(HandMadePdf.Build(HandMadePdf.TextPage("Readable page"), HandMadePdf.BrokenMediaBoxPage()));

        var result = await TestSupport.Pdf(logger: logger).ExtractAsync(path, FileKind.Pdf, CancellationToken.None);

        Assert.Equal(2, result.PageCount);
        Assert.Equal("Readable page", result.Text);
        Assert.Equal(string.Empty, result.Pages![1].Text);
        Assert.Contains(logger.Entries, e => e.EventId == 2302 && e.Message.StartsWith("Page 2 of ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_NoReadablePage_CorruptPdf()
    {
        var path = Write(HandMadePdf.Build(HandMadePdf.BrokenMediaBoxPage()));

        var ex = await TestSupport.AssertPermanentAsync("corrupt-pdf", () => CreateSut().ExtractAsync(path, FileKind.Pdf, CancellationToken.None));

        Assert.Equal("PDF is damaged: none of its pages can be read", ex.Message);
    }

    [Fact]
    public async Task ExtractAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CreateSut().ExtractAsync(TestSupport.Fixture("report-ja-3pages.pdf"), FileKind.Pdf, cts.Token));
    }

    [Fact]
    public void CanExtract_OnlyPdf()
    {
        Assert.True(CreateSut().CanExtract(FileKind.Pdf));
        Assert.False(CreateSut().CanExtract(FileKind.Text));
    }

    /// <summary>One page per line of text (Helvetica), optionally followed by a page with only a drawing.</summary>
    private static byte[] BuildPdf(string[] pageTexts, bool blankPageAfter = false)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Quarterly report";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pageTexts)
        {
            builder.AddPage(PageSize.A4).AddText(text, 12, new PdfPoint(50, 750), font);
        }

        if (blankPageAfter)
        {
            builder.AddPage(PageSize.A4).DrawRectangle(new PdfPoint(50, 400), 200, 100);
        }

        return builder.Build();
    }

    private string Write(byte[] content)
    {
        var path = _temp.Combine($"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, content);
        return path;
    }

    private static PdfTextExtractor CreateSut(Action<ExtractionOptions>? configure = null) => TestSupport.Pdf(configure);
}
