using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class PlainTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-plain");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("utf-8", "utf-8")]
    [InlineData("utf-8-bom", "utf-8")]
    [InlineData("utf-16le-bom", "utf-16")]
    [InlineData("utf-16be-bom", "utf-16be")]
    [InlineData("utf-16le", "utf-16")]
    [InlineData("utf-16be", "utf-16be")]
    [InlineData("shift_jis", "shift_jis")]
    [InlineData("euc-jp", "euc-jp")]
    public async Task ExtractAsync_Contract_DecodesExactTextAndReportsEncoding(string written, string reported)
    {
        var path = Write(EncodedText.Encode(JapaneseSamples.Contract, written));

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal(JapaneseSamples.Contract, result.Text);
        Assert.Equal("plain", result.Method);
        Assert.Equal(reported, result.Properties!["encoding"]);
        Assert.Equal("false", result.Properties["truncated"]);
    }

    [Theory]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    [InlineData("utf-8")]
    public async Task ExtractAsync_ReportWithCrLf_DecodesExactText(string encoding)
    {
        var path = Write(EncodedText.Encode(JapaneseSamples.Report, encoding));

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal(JapaneseSamples.Report, result.Text);
        Assert.Equal(encoding, result.Properties!["encoding"]);
    }

    [Theory]
    [InlineData(JapaneseSamples.Short, "shift_jis")]
    [InlineData(JapaneseSamples.Short, "euc-jp")]
    [InlineData(JapaneseSamples.WithHalfWidthKana, "shift_jis")]
    [InlineData(JapaneseSamples.WithHalfWidthKana, "euc-jp")]
    public async Task ExtractAsync_ShortLegacyText_ChoosesRightEncoding(string text, string encoding)
    {
        var path = Write(EncodedText.Encode(text, encoding));

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal(text, result.Text);
        Assert.Equal(encoding, result.Properties!["encoding"]);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    public async Task ExtractAsync_LegacyJapaneseAfterLongAsciiPrefix_StillDecodedRight(string encoding)
    {
        // The Japanese only starts after more ASCII than any detection sample would hold.
        var text = new string('x', 300_000) + "\n" + JapaneseSamples.Contract;
        var path = Write(EncodedText.Encode(text, encoding));

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal(text, result.Text);
    }

    [Fact]
    public async Task ExtractAsync_FileLargerThanLimit_ReadsOnlyLimitWithoutBrokenCharacter()
    {
        var text = string.Concat(Enumerable.Repeat(JapaneseSamples.Contract, 40));
        var bytes = EncodedText.Encode(text, "utf-8");
        var path = Write(bytes);

        var result = await CreateSut(o => o.MaxTextBytes = 1001).ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal("true", result.Properties!["truncated"]);
        Assert.StartsWith(result.Text, text, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(result.Text), 998, 1001);
        Assert.DoesNotContain('\uFFFD', result.Text);
    }

    [Fact]
    public async Task ExtractAsync_ShiftJisLargerThanLimit_StaysShiftJis()
    {
        var text = string.Concat(Enumerable.Repeat(JapaneseSamples.Report, 30));
        var path = Write(EncodedText.Encode(text, "shift_jis"));

        var result = await CreateSut(o => o.MaxTextBytes = 2049).ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal("shift_jis", result.Properties!["encoding"]);
        Assert.StartsWith(result.Text, text, StringComparison.Ordinal);
        Assert.True(result.Text.Length > 900, $"only {result.Text.Length} characters decoded");
    }

    [Fact]
    public async Task ExtractAsync_EmptyFile_EmptyText()
    {
        var path = Write([]);

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal("utf-8", result.Properties!["encoding"]);
    }

    [Fact]
    public async Task ExtractAsync_Utf8WithOneDamagedByte_StaysUtf8WithReplacement()
    {
        var bytes = Encoding.UTF8.GetBytes(JapaneseSamples.Contract);
        var damaged = Encoding.UTF8.GetByteCount("業務委託契約書\n株式会社");
        bytes[damaged] = 0xFF;
        var path = Write(bytes);

        var result = await CreateSut().ExtractAsync(path, FileKind.Text, CancellationToken.None);

        Assert.Equal("utf-8", result.Properties!["encoding"]);
        Assert.StartsWith("業務委託契約書\n株式会社\uFFFD", result.Text, StringComparison.Ordinal);
        Assert.EndsWith("2026年3月31日までとする。\n", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CanExtract_OnlyText()
    {
        var sut = CreateSut();
        Assert.True(sut.CanExtract(FileKind.Text));
        Assert.False(sut.CanExtract(FileKind.Pdf));
        Assert.False(sut.CanExtract(FileKind.Unknown));
    }

    [Fact]
    public async Task ExtractAsync_MissingFile_Throws()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            CreateSut().ExtractAsync(_temp.Combine("missing.txt"), FileKind.Text, CancellationToken.None));
    }

    private static PlainTextExtractor CreateSut(Action<ExtractionOptions>? configure = null) => TestSupport.PlainText(configure);

    private string Write(byte[] content)
    {
        var path = _temp.Combine($"{Guid.NewGuid():N}.txt");
        File.WriteAllBytes(path, content);
        return path;
    }
}
