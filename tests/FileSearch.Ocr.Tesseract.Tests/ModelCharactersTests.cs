using FileSearch.Testing.Ocr;

namespace FileSearch.Ocr.Tesseract.Tests;

public sealed class ModelCharactersTests
{
    [Fact]
    [Trait("Category", "Unit")]
    public void KanjiCeiling_WordWithACharacterOutsideTheModel_Unreachable()
    {
        var model = ModelCharacters.Parse("5\nNULL 0 Common 0\n  0 Common 1\n契 1 Han 2\n約 1 Han 3\n書 1 Han 4\n");

        var (reachable, total, missing) = model.KanjiCeiling(["契約書と謹啓", "契約"]);

        Assert.Equal((2, 3), (reachable, total));
        Assert.Equal(["謹", "啓"], missing);
        Assert.True(model.Contains("約"));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Read_DebianJpnModel_CommonKanjiInRareOnesOut()
    {
        var model = ModelCharacters.Read(Path.Combine(TesseractFixture.CreateOptions().TessdataPath!, "jpn.traineddata"));

        Assert.InRange(model.Count, 2_000, 20_000);
        Assert.All(["契", "約", "見", "積", "請", "求"], c => Assert.True(model.Contains(c), c));
    }
}
