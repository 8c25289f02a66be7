using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Tests.Domain;

[Trait("Category", "Unit")]
public sealed class OcrSummaryTests
{
    private static OcrSummary Sample() => new()
    {
        Pages =
        [
            new OcrPageSummary(1, OcrPageStatus.Recognized, 91.5, Reused: true, Operations: "deskew:1.5,binarize:otsu"),
            new OcrPageSummary(2, OcrPageStatus.Recognized, 55, Weak: true, Retried: true),
            new OcrPageSummary(3, OcrPageStatus.TimedOut),
            new OcrPageSummary(4, OcrPageStatus.NotRecognized),
            new OcrPageSummary(5, OcrPageStatus.NotRecognized),
        ],
    };

    [Fact]
    public void Counts_MixedPages_CountEachOutcome()
    {
        var ocr = Sample();

        Assert.Equal((2, 2, 1, 1, 1, 1), (ocr.Recognized, ocr.NotRecognized, ocr.TimedOut, ocr.Weak, ocr.Retried, ocr.Reused));
        Assert.True(ocr.Incomplete);
    }

    [Theory]
    [InlineData("no-text", true)]
    [InlineData("grayscale, no-text", true)]
    [InlineData("no-textual", false)]
    [InlineData("too-small", false)]
    [InlineData("", false)]
    public void IsNoText_Operations_OnlyTheWholeOperation(string operations, bool expected) =>
        Assert.Equal(expected, OcrPageSummary.IsNoText(operations));

    [Fact]
    public void NothingToRead_OnlyPicturesWithoutText_TrueUntilAPageWasRead()
    {
        var picture = new OcrPageSummary(1, OcrPageStatus.Recognized, Operations: OcrPageSummary.NoTextOperation);
        var pictures = new OcrSummary { Pages = [picture, picture with { Number = 2 }] };
        var mixed = new OcrSummary { Pages = [picture, new OcrPageSummary(2, OcrPageStatus.Recognized, 88)] };

        Assert.Equal((2, true), (pictures.NoText, pictures.NothingToRead));
        Assert.Equal((1, false), (mixed.NoText, mixed.NothingToRead));
        Assert.False(new OcrSummary().NothingToRead);
        Assert.DoesNotContain("noText", pictures.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Incomplete_AllRecognized_False()
    {
        var ocr = new OcrSummary { Pages = [new OcrPageSummary(1, OcrPageStatus.Recognized, 90)] };

        Assert.False(ocr.Incomplete);
    }

    [Fact]
    public void ToJson_ThenFromJson_SamePagesAndCompact()
    {
        var json = Sample().ToJson();

        Assert.Equal(Sample(), OcrSummary.FromJson(json));
        Assert.Contains("\"status\":\"TimedOut\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"weak\":false", json, StringComparison.Ordinal);
        Assert.DoesNotContain("recognized", json, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NullOrEmpty_Null()
    {
        Assert.Null(OcrSummary.FromJson(null));
        Assert.Null(OcrSummary.FromJson(string.Empty));
    }

    [Fact]
    public void Equals_DifferentPage_NotEqual()
    {
        var other = Sample() with { Pages = [.. Sample().Pages.Take(4), new OcrPageSummary(5, OcrPageStatus.Recognized, 80)] };

        Assert.NotEqual(Sample(), other);
        Assert.False(Sample().Equals(null));
    }
}
