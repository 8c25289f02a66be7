using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Start-up checks that need the machine: libtesseract loads, the tessdata directory exists and holds every
/// configured language. Each failure is one line that says what to install or set.
/// </summary>
internal sealed class OcrOptionsValidator(string libraryName) : IValidateOptions<OcrOptions>
{
    public OcrOptionsValidator()
        : this(TessApi.LibraryName)
    {
    }

    public ValidateOptionsResult Validate(string? name, OcrOptions options)
    {
        if (TesseractLibrary.TryLoad(libraryName) is { } libraryError)
        {
            return ValidateOptionsResult.Fail(libraryError);
        }

        if (string.IsNullOrWhiteSpace(options.Languages))
        {
            return ValidateOptionsResult.Skip; // DataAnnotations reports it
        }

        if (string.IsNullOrWhiteSpace(options.TessdataPath) || !Directory.Exists(options.TessdataPath))
        {
            var looked = options.TessdataPath ?? string.Join(", ",
                [$"${TessdataLocator.EnvironmentVariable}", .. TessdataLocator.WellKnownDirectories]);
            return ValidateOptionsResult.Fail(
                $"Tesseract language data not found (looked in {looked}): {TesseractLibrary.InstallHint}, or set Ocr:TessdataPath");
        }

        var languages = string.IsNullOrEmpty(options.VerticalLanguages) ? options.Languages : $"{options.Languages}+{options.VerticalLanguages}";
        languages = string.IsNullOrEmpty(options.LatinLanguages) ? languages : $"{languages}+{options.LatinLanguages}";
        languages = options.Preprocessing.Orientation ? $"{languages}+osd" : languages;
        var missing = TessdataLocator.MissingLanguages(options.TessdataPath, languages);
        if (missing.Count > 0)
        {
            return ValidateOptionsResult.Fail(
                $"Tesseract language data for '{string.Join("+", missing)}' not found in {options.TessdataPath}: " +
                $"apt-get install {string.Join(' ', missing.Select(TessdataLocator.PackageFor))}, or set Ocr:TessdataPath");
        }

        return ValidateOptionsResult.Success;
    }
}
