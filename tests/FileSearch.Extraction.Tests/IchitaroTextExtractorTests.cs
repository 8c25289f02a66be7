using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

/// <summary>Ichitaro documents: detected from their streams, indexed by name and document properties with the reason recorded.</summary>
[Trait("Category", "Unit")]
public sealed class IchitaroTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-jtd");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("議事録.jtd")]
    [InlineData("upload.bin")]
    public async Task DetectAsync_CompoundFileWithIchitaroStreams_IsJtdWhateverItsName(string name)
    {
        var path = _temp.Combine(name);
        IchitaroFiles.Write(path, "定例会議事録", "佐藤花子");

        var detected = await TestSupport.Detector().DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(FileKind.Jtd, detected.Kind);
        Assert.True(detected.ByContent);
    }

    [Fact]
    public async Task ExtractAsync_CraftedJtd_PropertiesInJapaneseAndTheReasonTheBodyIsNotRead()
    {
        var path = _temp.Combine("定例会議事録.jtd");
        IchitaroFiles.Write(path, "定例会議事録", "佐藤花子");

        var result = await new IchitaroTextExtractor().ExtractAsync(path, FileKind.Jtd, CancellationToken.None);

        Assert.Equal("ichitaro-properties", result.Method);
        Assert.Contains("title: 定例会議事録", result.Text, StringComparison.Ordinal);
        Assert.Contains("author: 佐藤花子", result.Text, StringComparison.Ordinal);
        Assert.Contains("comments: 一太郎 2018 文書", result.Text, StringComparison.Ordinal);
        Assert.Equal(@"N:\総務部\議事録\定例会議事録.jtd", result.Properties!["template"]);
        Assert.StartsWith("ichitaro-body-not-read:", result.Unread, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_NoPropertyStream_EmptyTextStillWithTheReason()
    {
        var path = _temp.Combine("無題.jtd");
        IchitaroFiles.Write(path, string.Empty, string.Empty, withProperties: false);

        var result = await new IchitaroTextExtractor().ExtractAsync(path, FileKind.Jtd, CancellationToken.None);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(IchitaroTextExtractor.UnreadReason, result.Unread);
    }

    [Fact]
    public async Task ExtractAsync_DamagedCompoundFile_PermanentCorruptIchitaro()
    {
        var path = _temp.Combine("壊れた.jtd");
        await File.WriteAllBytesAsync(path, [.. Convert.FromHexString("D0CF11E0A1B11AE1"), .. new byte[600]]);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => new IchitaroTextExtractor().ExtractAsync(path, FileKind.Jtd, CancellationToken.None));

        Assert.Equal((FailureKind.Permanent, "corrupt-ichitaro"), (ex.Kind, ex.Code));
    }
}
