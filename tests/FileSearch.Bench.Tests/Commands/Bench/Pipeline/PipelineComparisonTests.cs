using FileSearch.Bench.Commands.Bench.Pipeline;
using FileSearch.Core.Domain;
using FileSearch.Ocr.Tesseract;

namespace FileSearch.Bench.Tests.Commands.Bench.Pipeline;

/// <summary>The per-file check of <c>bench pipeline</c>: it must report every kind of difference between the two runs.</summary>
public sealed class PipelineComparisonTests
{
    private const string Contract = "本契約は、甲と乙との間における業務委託の条件を定めるものである。乙は、甲の指示に従い、誠実に業務を遂行しなければならない。";

    [Fact]
    public void Compare_SameTextOtherWhitespace_Agrees()
    {
        var ours = new StoredDocument(FileKind.Pdf, 2, "text-layer", Contract, Truncated: false);
        var theirs = ours with { Text = Contract.Replace("。", "。\n", StringComparison.Ordinal) };

        Assert.Null(PipelineComparison.Compare("a.pdf", ours, theirs, 0.05).Problem);
    }

    [Fact]
    public void Compare_TextLayerOneCharacterDiffers_Mismatch()
    {
        var ours = new StoredDocument(FileKind.Pdf, 2, "text-layer", Contract, Truncated: false);
        var theirs = ours with { Text = Contract.Replace("甲", "申", StringComparison.Ordinal) };

        var result = PipelineComparison.Compare("a.pdf", ours, theirs, 0.05);

        Assert.StartsWith("text differs (not OCR, must be equal)", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OcrTextWithinBound_AgreesAndBeyond_Mismatch()
    {
        var ours = new StoredDocument(FileKind.Png, 1, "ocr", Contract, Truncated: false);
        var oneError = ours with { Text = Contract[..^2] + "0。" };
        var garbage = ours with { Text = "ロ口ロ口" + Contract[20..] };

        var close = PipelineComparison.Compare("scan.png", ours, oneError, 0.05);
        var far = PipelineComparison.Compare("scan.png", ours, garbage, 0.05);

        Assert.Null(close.Problem);
        Assert.True(close.Ocr);
        Assert.InRange(close.Cer, 0.001, 0.05);
        Assert.StartsWith("OCR text differs: CER", far.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ReferenceEmptyOtherSideReadText_CountsAsFullError()
    {
        var ours = new StoredDocument(FileKind.Jpeg, 1, "ocr", "請求書", Truncated: false);

        var result = PipelineComparison.Compare("photo.jpg", ours, ours with { Text = string.Empty }, 0.05);

        Assert.Equal(1, result.Cer);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public void Compare_TypeAndPagesDiffer_BothNamed()
    {
        var ours = new StoredDocument(FileKind.Docx, 3, "openxml", Contract, Truncated: false);

        var result = PipelineComparison.Compare("a.docx", ours, ours with { Kind = FileKind.Zip, Pages = 1 }, 0.05);

        Assert.Equal("type Docx vs Zip; pages 3 vs 1", result.Problem);
    }

    [Fact]
    public void Compare_TruncatedByThePipeline_ComparedOverItsLength()
    {
        var ours = new StoredDocument(FileKind.Text, 0, "plain", Contract[..20], Truncated: true);

        Assert.Null(PipelineComparison.Compare("a.txt", ours, ours with { Text = Contract, Truncated = false }, 0.05).Problem);
    }

    [Fact]
    public void Compare_FileIndexedByOneSideOnly_Mismatch()
    {
        var document = new StoredDocument(FileKind.Text, 0, "plain", Contract, Truncated: false);
        var pipeline = new Dictionary<string, StoredDocument>(StringComparer.Ordinal) { ["a.txt"] = document, ["b.txt"] = document };
        var baseline = new Dictionary<string, StoredDocument>(StringComparer.Ordinal) { ["a.txt"] = document, ["c.txt"] = document };

        var results = PipelineComparison.Compare(pipeline, baseline, 0.05);

        Assert.Equal(["a.txt", "b.txt", "c.txt"], results.Select(r => r.Key));
        Assert.Null(results[0].Problem);
        Assert.Equal("indexed by the pipeline only", results[1].Problem);
        Assert.Equal("indexed by the baseline only", results[2].Problem);
    }

    [Fact]
    public void TesseractArguments_PinLstmEngineMode()
    {
        var arguments = SeedTools.TesseractArguments("page.tif", new OcrOptions());

        Assert.Equal("1", arguments[arguments.ToList().IndexOf("--oem") + 1]);
    }

    [Fact]
    public void ThumbnailArguments_ShrinkOnLoadBeforeTheInput()
    {
        var arguments = SeedTools.ThumbnailArguments("photo.jpg", 256).ToList();

        var define = arguments.IndexOf("-define");
        Assert.Equal("jpeg:size=256x256", arguments[define + 1]);
        Assert.True(define < arguments.IndexOf("photo.jpg[0]"), "the size hint must come before the input to take effect");
        Assert.Equal("256x256>", arguments[arguments.IndexOf("-thumbnail") + 1]);
    }
}
