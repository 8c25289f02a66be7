using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class OcrPreprocessingOptionsTests
{
    [Theory]
    [InlineData("scan", false, BinarizeMode.None)]
    [InlineData("auto", false, BinarizeMode.None)]
    [InlineData("PHOTO", true, BinarizeMode.Adaptive)]
    [InlineData("none", false, BinarizeMode.None)]
    public void ToSettings_Profile_ProfileOperations(string profile, bool denoise, BinarizeMode binarize)
    {
        var settings = new OcrPreprocessingOptions { Profile = profile }.ToSettings();

        Assert.Equal((denoise, binarize, profile != "none"), (settings.Denoise, settings.Binarize, settings.Deskew));
    }

    [Fact]
    public void ToSettings_TogglesSet_OverrideProfile()
    {
        var settings = new OcrPreprocessingOptions
        {
            Profile = "none",
            Denoise = true,
            Normalize = true,
            Upscale = true,
            Deskew = true,
            Binarize = BinarizeMode.Otsu,
        }.ToSettings();

        Assert.Equal(PreprocessingSettings.None with
        {
            Denoise = true,
            Normalize = true,
            Upscale = true,
            Deskew = true,
            Binarize = BinarizeMode.Otsu,
        }, settings);
    }
}
