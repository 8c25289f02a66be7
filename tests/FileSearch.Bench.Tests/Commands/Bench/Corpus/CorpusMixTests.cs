using FileSearch.Bench.Commands.Bench.Corpus;
using FileSearch.Testing;
using NetVips;

namespace FileSearch.Bench.Tests.Commands.Bench.Corpus;

/// <summary>The proportions of <c>bench corpus --mix</c> and the share mix's files made from real photographs and prose.</summary>
public sealed class CorpusMixTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-mix");

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Unit")]
    public void Parse_Share_EveryTwentyFilesHoldTheDocumentedProportions()
    {
        var mix = CorpusMix.Parse("share", null);

        Assert.Equal(20, mix.Pattern.Count);
        var counts = mix.Pattern.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, counts[CorpusKind.CameraPhoto]);
        Assert.Equal(2, counts[CorpusKind.Screenshot]);
        Assert.Equal(3, counts[CorpusKind.DpiScan]);
        Assert.Equal(1, counts[CorpusKind.Utf8Text]);
        // Evenly spread: the first ten files already hold three camera photos.
        Assert.Equal(3, mix.Pattern.Take(10).Count(k => k == CorpusKind.CameraPhoto));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void Parse_Weights_ReplaceTheNamedKindsOnly()
    {
        var mix = CorpusMix.Parse("share", "CameraPhoto=0, screenshot=5");

        Assert.DoesNotContain(CorpusKind.CameraPhoto, mix.Pattern);
        Assert.Equal(5, mix.Pattern.Count(k => k == CorpusKind.Screenshot));
        Assert.Equal(3, mix.Pattern.Count(k => k == CorpusKind.DpiScan));
        Assert.Equal("share*", mix.Name);
    }

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("share", "CameraPhoto")]
    [InlineData("share", "Unknown=3")]
    [InlineData("share", "CameraPhoto=-1")]
    [InlineData("share", "CameraPhoto=0,Screenshot=0,DpiScan=0,TextPdf=0,ScannedPdf=0,Docx=0,Xlsx=0,Pptx=0,Utf8Text=0")]
    [InlineData("nas", null)]
    public void Parse_BadMixOrWeights_Throws(string name, string? weights) =>
        Assert.Throws<ArgumentException>(() => CorpusMix.Parse(name, weights));

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("0001_見積書_カメラ.jpg", "camera-photo")]
    [InlineData("0002_見積書_スキャン600dpi.jpg", "scan-jpg")]
    [InlineData("0003_見積書_スキャン.pdf", "scanned-pdf")]
    [InlineData("0004_見積書.pdf", "text-pdf")]
    [InlineData("0005_見積書_スクショ.png", "screenshot")]
    [InlineData("メモ.TXT", "txt")]
    public void CategoryOf_GeneratedNames_TypeOfThePerTypeRun(string name, string expected) =>
        Assert.Equal(expected, CorpusGenerator.CategoryOf(name));

    [Fact]
    [Trait("Category", "Integration")]
    public void Write_ShareMix_CameraPhotosAreTwelveMegapixelsOrMoreWithOrientationAndScansCarryTheirDpi()
    {
        var generator = new CorpusGenerator(_temp.Path, seed: 1, maxPages: 1, CorpusMix.Share);
        var indexes = Enumerable.Range(0, 20).ToList();
        var photo = indexes.First(i => generator.KindAt(i) == CorpusKind.CameraPhoto);
        var scan = indexes.First(i => generator.KindAt(i) == CorpusKind.DpiScan);

        var (photoPath, _) = generator.Write(photo);
        var (scanPath, _) = generator.Write(scan);

        using (var image = Image.NewFromFile(photoPath))
        {
            Assert.InRange(image.Width * (long)image.Height, 12_000_000, 24_000_000);
            Assert.Contains(image.Get("orientation"), new object[] { 1, 3, 6, 8 });
        }

        using var page = Image.NewFromFile(scanPath);
        var dpi = (int)Math.Round(page.Xres * 25.4);
        Assert.Contains($"_スキャン{dpi}dpi.jpg", scanPath, StringComparison.Ordinal);
        Assert.Equal(2480 * dpi / 300, page.Width);
    }
}
