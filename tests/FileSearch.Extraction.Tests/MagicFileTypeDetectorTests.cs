using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using FileSearch.Testing;
using Microsoft.Extensions.Logging;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class MagicFileTypeDetectorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-detect");

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, FileKind> Signatures => new()
    {
        { "89504E470D0A1A0A0000000D49484452", FileKind.Png },
        { "FFD8FFE000104A464946000101", FileKind.Jpeg },
        { "FFD8FFE1001C45786966000049492A00", FileKind.Jpeg },
        { "474946383761010001000000", FileKind.Gif },
        { "474946383961010001000000", FileKind.Gif },
        { "49492A00080000000100", FileKind.Tiff },
        { "4D4D002A000000080001", FileKind.Tiff },
        { "52494646240000005745425056503820", FileKind.WebP },
        { "424D3A0000000000000036000000280000000100000001000000010018000000", FileKind.Bmp },
        { "424D1E000000000000001A0000000C000000010001000100", FileKind.Bmp },
        { "0000001C6674797068656963000000006D69663168656963", FileKind.Heic },
        { "00000018667479706D696631000000006D696631", FileKind.Heic },
        { "000000186674797068656978000000006D696631", FileKind.Heic },
        { "00000018667479706D736631000000006D736631", FileKind.Heic },
        { "255044462D312E370A25E2E3CFD30A", FileKind.Pdf },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public async Task DetectAsync_MagicBytes_DetectsKindByContent(string hex, FileKind expected)
    {
        var path = Write("file.bin", [.. Convert.FromHexString(hex), .. new byte[64]]);

        var detected = await CreateSut().DetectAsync(path, "file.bin", CancellationToken.None);

        Assert.Equal(new DetectedType(expected, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_PdfHeaderAfterJunkWithinFirstKiB_IsPdf()
    {
        var path = Write("scan.pdf", [.. new byte[700], .. "%PDF-1.4\n"u8, .. new byte[100]]);

        var detected = await CreateSut().DetectAsync(path, "scan.pdf", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Pdf, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_PdfHeaderBeyondFirstKiB_IsNotPdfByContent()
    {
        var path = Write("late.bin", [.. new byte[1500], .. "%PDF-1.4\n"u8, .. new byte[100]]);

        var detected = await CreateSut().DetectAsync(path, "late.bin", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: false), detected);
    }

    [Fact]
    public async Task DetectAsync_TextRenamedPdf_IsTextWithExtensionMismatch()
    {
        var logger = new ListLogger<MagicFileTypeDetector>();
        var path = Write("contract.pdf", Encoding.UTF8.GetBytes(JapaneseSamples.Contract));

        var detected = await TestSupport.Detector(logger: logger).DetectAsync(path, "contract.pdf", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Text, ByContent: true, ExtensionMismatch: true), detected);
        Assert.Contains(logger.Entries, e => e.EventId == 2101 && e.Message == "Content of contract.pdf is Text but its extension says Pdf");
    }

    [Fact]
    public async Task DetectAsync_TextStartingWithBM_IsNotBitmap()
    {
        var path = Write("notes.txt", "BMW sales report for the third quarter, all regions.\n"u8.ToArray());

        var detected = await CreateSut().DetectAsync(path, "notes.txt", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Text, ByContent: true), detected);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    public async Task DetectAsync_JapaneseTextInAnyEncoding_IsText(string encoding)
    {
        var path = Write("report.dat", EncodedText.Encode(JapaneseSamples.Report, encoding));

        var detected = await CreateSut().DetectAsync(path, "report.dat", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Text, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_TextLongerThanSample_IsTextDespiteCharacterCutAtSampleEnd()
    {
        // 3-byte UTF-8 characters after one ASCII byte: the 4096-byte sample ends inside a character.
        var text = "a" + string.Concat(Enumerable.Repeat("日本語の文書です。", 400));
        var path = Write("long.txt", Encoding.UTF8.GetBytes(text));

        var detected = await CreateSut().DetectAsync(path, "long.txt", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Text, ByContent: true), detected);
    }

    [Theory]
    [InlineData(FileKind.Docx, "document.zip")]
    [InlineData(FileKind.Xlsx, "book.zip")]
    [InlineData(FileKind.Pptx, "slides.zip")]
    public async Task DetectAsync_OfficePackageNamedZip_IsOfficeKindByContent(FileKind kind, string name)
    {
        var path = _temp.Combine(name);
        OfficeFiles.Create(kind, path);

        var detected = await CreateSut().DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(new DetectedType(kind, ByContent: true, ExtensionMismatch: true), detected);
    }

    [Fact]
    public async Task DetectAsync_OfficePackageWithMatchingExtension_NoMismatch()
    {
        var path = _temp.Combine("book.xlsx");
        OfficeFiles.CreateXlsx(path);

        var detected = await CreateSut().DetectAsync(path, "book.xlsx", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Xlsx, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_PlainZip_IsZip()
    {
        var path = _temp.Combine("archive.zip");
        OfficeFiles.CreateZip(path, ("readme.txt", "hello"u8.ToArray()), ("data/values.csv", "1,2,3"u8.ToArray()));

        var detected = await CreateSut().DetectAsync(path, "archive.zip", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Zip, ByContent: true), detected);
    }

    [Theory]
    [InlineData("broken.docx", FileKind.Docx, false)]
    [InlineData("broken.zip", FileKind.Zip, true)]
    public async Task DetectAsync_ZipWithUnreadableDirectory_OfficeExtensionDecides(string name, FileKind expected, bool byContent)
    {
        var logger = new ListLogger<MagicFileTypeDetector>();
        var path = Write(name, [.. "PK\u0003\u0004"u8, .. TestSupport.RandomBytes(2000)]);

        var detected = await TestSupport.Detector(logger: logger).DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(new DetectedType(expected, byContent), detected);
        Assert.Contains(logger.Entries, e => e.EventId == 2103);
    }

    [Fact]
    public async Task DetectAsync_UnknownBinary_IsUnknown()
    {
        var path = Write("blob.bin", TestSupport.RandomBytes(3000));

        var detected = await CreateSut().DetectAsync(path, "blob.bin", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: false), detected);
    }

    [Theory]
    [InlineData("photo.jpg", FileKind.Jpeg)]
    [InlineData("scan.pdf", FileKind.Pdf)]
    [InlineData("report.docx", FileKind.Docx)]
    public async Task DetectAsync_UnrecognisedBinary_FallsBackToExtension(string name, FileKind expected)
    {
        var logger = new ListLogger<MagicFileTypeDetector>();
        var path = Write(name, TestSupport.RandomBytes(3000));

        var detected = await TestSupport.Detector(logger: logger).DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(new DetectedType(expected, ByContent: false), detected);
        Assert.Contains(logger.Entries, e => e.EventId == 2104);
    }

    [Fact]
    public async Task DetectAsync_BinaryNamedTxt_IsUnknownWithMismatch()
    {
        var path = Write("data.txt", TestSupport.RandomBytes(3000));

        var detected = await CreateSut().DetectAsync(path, "data.txt", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: false, ExtensionMismatch: true), detected);
    }

    [Theory]
    [InlineData("WordDocument", FileKind.Doc)]
    [InlineData("Workbook", FileKind.Xls)]
    [InlineData("Book", FileKind.Xls)]
    [InlineData("PowerPoint Document", FileKind.Ppt)]
    [InlineData("__substg1.0_0037001F", FileKind.Msg)]
    public async Task DetectAsync_Ole2CompoundFile_KindFromItsStreamNames(string stream, FileKind expected)
    {
        var path = System.IO.Path.Combine(_temp.Path, "upload");
        OutlookMsgWriter.WriteCompoundFile(path, "\u0005SummaryInformation", stream);

        var detected = await CreateSut().DetectAsync(path, "upload", CancellationToken.None);

        Assert.Equal(new DetectedType(expected, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_EncryptedOfficePackage_IsUnknownByContentWithWarning()
    {
        var logger = new ListLogger<MagicFileTypeDetector>();
        var path = System.IO.Path.Combine(_temp.Path, "protected.docx");
        OutlookMsgWriter.WriteCompoundFile(path, "EncryptionInfo", "EncryptedPackage");

        var detected = await TestSupport.Detector(logger: logger).DetectAsync(path, "protected.docx", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: true, ExtensionMismatch: true), detected);
        var note = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(2102, note.EventId);
        Assert.Contains("password-protected", note.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("legacy.doc", FileKind.Doc, false)]
    [InlineData("notes.txt", FileKind.Unknown, true)]
    public async Task DetectAsync_DamagedOle2_ExtensionDecidesForItsFormatsOnly(string name, FileKind expected, bool byContent)
    {
        var path = Write(name, [.. Convert.FromHexString("D0CF11E0A1B11AE1"), .. new byte[512]]);

        var detected = await CreateSut().DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(expected, detected.Kind);
        Assert.Equal(byContent, detected.ByContent);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>日本語</body></html>", FileKind.Html)]
    [InlineData("<?xml version=\"1.0\"?><a>日本語</a>", FileKind.Xml)]
    [InlineData("<root><a>日本語</a></root>", FileKind.Xml)]
    [InlineData("{\"名前\": \"山田\", \"年齢\": 30}", FileKind.Json)]
    [InlineData("{ not json at all", FileKind.Text)]
    [InlineData("From: a@example.jp\r\nTo: b@example.jp\r\nSubject: 件名\r\n\r\n本文", FileKind.Eml)]
    [InlineData("Subject: 議題\n出席者: 山田\n", FileKind.Text)]
    [InlineData("{\\rtf1\\ansi 本文}", FileKind.Rtf)]
    public async Task DetectAsync_TextFormats_FromFirstCharacters(string content, FileKind expected)
    {
        var path = Write("upload", System.Text.Encoding.UTF8.GetBytes(content));

        var detected = await CreateSut().DetectAsync(path, "upload", CancellationToken.None);

        Assert.Equal(new DetectedType(expected, ByContent: true), detected);
    }

    [Theory]
    [InlineData("page.htm", FileKind.Html)]
    [InlineData("mail.eml", FileKind.Eml)]
    [InlineData("notes.md", FileKind.Text)]
    public async Task DetectAsync_PlainTextNamedAsTextFormat_TakesTheExtension(string name, FileKind expected)
    {
        var path = Write(name, "ただの文章です。\n"u8.ToArray());

        var detected = await CreateSut().DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(new DetectedType(expected, ByContent: true), detected);
    }

    [Fact]
    public async Task DetectAsync_BinaryNamedHtml_IsUnknownWithMismatch()
    {
        var path = Write("page.html", TestSupport.RandomBytes(3000));

        var detected = await CreateSut().DetectAsync(path, "page.html", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: false, ExtensionMismatch: true), detected);
    }

    [Fact]
    public async Task DetectAsync_EmptyFile_IsUnknown()
    {
        var path = Write("empty.pdf", []);

        var detected = await CreateSut().DetectAsync(path, "empty.pdf", CancellationToken.None);

        Assert.Equal(new DetectedType(FileKind.Unknown, ByContent: false), detected);
    }

    [Fact]
    public async Task DetectAsync_Cancelled_Throws()
    {
        var path = Write("a.txt", "abc"u8.ToArray());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().DetectAsync(path, "a.txt", cts.Token));
    }

    [Fact]
    public void Identify_TooShortForAnySignature_IsNone()
    {
        Assert.Equal(Signature.None, MagicSignatures.Identify("BM"u8));
        Assert.Equal(Signature.None, MagicSignatures.Identify([0xFF, 0xD8]));
        Assert.Equal(FileKind.Unknown, Signature.Ole2.ToKind());
        Assert.Equal(Signature.Rtf, MagicSignatures.Identify("{\\rtf1"u8));
    }

    private static MagicFileTypeDetector CreateSut() => TestSupport.Detector();

    private string Write(string name, byte[] content)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
