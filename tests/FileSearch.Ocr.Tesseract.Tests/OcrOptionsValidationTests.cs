using FileSearch.Ocr.Tesseract.Internals;
using FileSearch.Testing;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Integration")]
public sealed class OcrOptionsValidationTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-tessdata");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validate_InstalledDefaults_Succeeds()
    {
        var result = new OcrOptionsValidator().Validate(null, TesseractFixture.CreateOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_LibraryMissing_InstallHint()
    {
        var result = new OcrOptionsValidator("libtesseract-missing.so.9").Validate(null, TesseractFixture.CreateOptions());

        Assert.Equal("libtesseract-missing.so.9 not found: apt-get install tesseract-ocr tesseract-ocr-jpn", result.FailureMessage);
    }

    [Fact]
    public void Validate_LanguageMissing_NamesThePackage()
    {
        var options = TesseractFixture.CreateOptions();
        options.Languages = "jpn+jpn_vert+kor";

        var result = new OcrOptionsValidator().Validate(null, options);

        Assert.Contains("'kor' not found", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("apt-get install tesseract-ocr-kor", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TessdataDirectoryMissing_SaysWhereItLooked()
    {
        var options = new OcrOptions { TessdataPath = _temp.Combine("nowhere") };

        var result = new OcrOptionsValidator().Validate(null, options);

        Assert.StartsWith("Tesseract language data not found (looked in ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("nowhere", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoLanguages_LeftToDataAnnotations()
    {
        var result = new OcrOptionsValidator().Validate(null, new OcrOptions { Languages = " " });

        Assert.True(result.Skipped);
    }

    [Fact]
    public void Resolve_PrefixHoldsAllLanguages_PrefixWins()
    {
        Touch(_temp.Combine("jpn.traineddata"), _temp.Combine("eng.traineddata"));

        Assert.Equal(_temp.Path, TessdataLocator.Resolve(_temp.Path, "jpn+eng"));
    }

    [Fact]
    public void Resolve_PrefixParentOfTessdata_ChildDirectoryUsed()
    {
        Directory.CreateDirectory(_temp.Combine("tessdata"));
        Touch(_temp.Combine("tessdata", "eng.traineddata"));

        Assert.Equal(_temp.Combine("tessdata"), TessdataLocator.Resolve(_temp.Path, "eng", []));
    }

    [Fact]
    public void Resolve_PrefixLacksLanguage_WellKnownDirectoryWithAllLanguages()
    {
        Touch(_temp.Combine("eng.traineddata"));
        var full = _temp.Combine("full");
        Directory.CreateDirectory(full);
        Touch(Path.Combine(full, "eng.traineddata"), Path.Combine(full, "jpn.traineddata"));

        Assert.Equal(full, TessdataLocator.Resolve(_temp.Path, "jpn+eng", [full]));
        Assert.Equal(_temp.Path, TessdataLocator.Resolve(_temp.Path, "jpn+eng", [_temp.Combine("absent")]));
        Assert.Null(TessdataLocator.Resolve(null, "jpn", [_temp.Combine("absent")]));
    }

    [Fact]
    public void PostConfigure_PathConfigured_Kept()
    {
        var options = new OcrOptions { TessdataPath = "/opt/tessdata" };

        new OcrOptionsSetup().PostConfigure(null, options);

        Assert.Equal("/opt/tessdata", options.TessdataPath);
    }

    [Fact]
    public void PostConfigure_NoPath_DebianLocationDetected()
    {
        var options = new OcrOptions();

        new OcrOptionsSetup().PostConfigure(null, options);

        Assert.NotNull(options.TessdataPath);
        Assert.True(File.Exists(Path.Combine(options.TessdataPath, "jpn.traineddata")));
    }

    private static void Touch(params string[] paths)
    {
        foreach (var path in paths)
        {
            File.WriteAllBytes(path, []);
        }
    }
}
