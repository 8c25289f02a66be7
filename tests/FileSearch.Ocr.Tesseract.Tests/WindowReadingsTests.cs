using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Ocr.Tesseract.Internals;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class WindowReadingsTests
{
    [Fact]
    public void Combine_TwoWindows_TextsInOrderConfidenceWeightedByCharacters()
    {
        var sign = new OcrResult("非常口", 90) { Operations = "window:100x50@0,0" };
        var board = new OcrResult("本日の議題です", 60) { Operations = "window:300x200@400,300,reduce:2", Weak = true };

        var page = WindowReadings.Combine([sign, board]);

        Assert.Equal("非常口\n本日の議題です", page.Text);
        Assert.Equal(((90 * 3) + (60 * 7)) / 10.0, page.MeanConfidence, 6);
        Assert.Equal(OcrPageStatus.Recognized, page.Status);
        Assert.True(page.Weak);
        Assert.Equal("window:100x50@0,0;window:300x200@400,300,reduce:2", page.Operations);
    }

    [Fact]
    public void Combine_OneWindowTimedOut_PageTimedOutWithTheOtherText()
    {
        var read = new OcrResult("駐車場", 95);
        var cut = new OcrResult(string.Empty, 0, OcrPageStatus.TimedOut);

        var page = WindowReadings.Combine([read, cut]);

        Assert.Equal((OcrPageStatus.TimedOut, "駐車場"), (page.Status, page.Text));
    }

    [Fact]
    public void Combine_NoWindowFoundText_EmptyAndNotWeak()
    {
        var page = WindowReadings.Combine([new OcrResult(string.Empty, 95) { Reused = true }, new OcrResult(string.Empty, 85) { Reused = true }]);

        Assert.Equal((string.Empty, 90.0, false, true), (page.Text, page.MeanConfidence, page.Weak, page.Reused));
    }
}
