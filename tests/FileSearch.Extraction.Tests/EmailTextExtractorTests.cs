using FileSearch.Core.Domain;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Integration")]
public sealed class EmailTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-mail");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExtractAsync_OutlookMsg_HeadersBodyAndAttachmentNames(bool ansi)
    {
        var path = _temp.Combine("経費精算.msg");
        OutlookMsgWriter.Write(path, "経費精算のお願い", "佐藤花子", "sato@example.co.jp", "経理部", "交通費の領収書を提出します。", ["領収書.pdf", "明細.xlsx"], ansi);

        var detected = await TestSupport.Detector().DetectAsync(path, "upload", CancellationToken.None);
        var result = await CreateSut().ExtractAsync(path, detected.Kind, CancellationToken.None);

        Assert.Equal(FileKind.Msg, detected.Kind);
        Assert.Equal("msg", result.Method);
        Assert.Equal(
            "Subject: 経費精算のお願い\nFrom: 佐藤花子 <sato@example.co.jp>\nTo: 経理部\nDate: 2025-01-14 01:00:00 +00:00\n\n"
            + "交通費の領収書を提出します。\n\nAttachments: 領収書.pdf, 明細.xlsx",
            result.Text);
        Assert.Equal("経費精算のお願い", result.Properties!["subject"]);
    }

    [Fact]
    public async Task ExtractAsync_DamagedMsg_PermanentCorruptMail()
    {
        var path = _temp.Combine("broken.msg");
        await File.WriteAllBytesAsync(path, [.. Convert.FromHexString("D0CF11E0A1B11AE1"), .. new byte[600]]);

        await TestSupport.AssertPermanentAsync("corrupt-mail", () => CreateSut().ExtractAsync(path, FileKind.Msg, CancellationToken.None));
    }

    private static EmailTextExtractor CreateSut() => new(TestSupport.Options());
}
