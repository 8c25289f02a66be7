using System.Globalization;
using System.Security.Cryptography;
using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// The two checkpoint keys of a page. The decoded page under every setting (<see cref="Settings"/>) answers a
/// redelivered message before any preprocessing. The preprocessed page under the settings recognition itself depends
/// on (<see cref="Recognition"/>) answers after a settings change: a page whose preprocessed pixels, language, mode and
/// resolution did not change is not read again. So turning off orientation re-reads only rotated pages, another vertical
/// model only vertical pages, another default DPI only pages that state none.
/// </summary>
internal sealed class PageCacheKeys
{
    private readonly OcrOptions _options;
    private readonly string _retry;

    public PageCacheKeys(OcrOptions options, PreprocessingSettings preprocessing)
    {
        _options = options;
        Settings = string.Join('|', options.SettingsVersion, options.Languages, $"psm{options.PageSegMode}",
            $"weak{options.WeakConfidenceThreshold}", $"dpi{options.DefaultDpi}", $"vert{options.VerticalLanguages}",
            $"latin{options.LatinLanguages}{options.LatinRereadConfidence}", $"pre{preprocessing.Key}", $"osd{options.Preprocessing.Orientation}{options.Preprocessing.MinOrientationConfidence}");

        // A weak binarised page is read again from the unbinarised page, which the preprocessing (not the pixels) decides.
        _retry = preprocessing.Binarize == BinarizeMode.None
            ? $"psm{TesseractEngine.AlternativeMode(options.PageSegMode)}"
            : $"plain{(preprocessing with { Binarize = BinarizeMode.None }).Key}";
    }

    /// <summary>Every setting that can change a page's text: the key of the decoded page.</summary>
    public string Settings { get; }

    /// <summary>The settings recognition of an already preprocessed page depends on: the key of the preprocessed page.</summary>
    public string Recognition(bool vertical, int dpi) => string.Join('|', "read", _options.SettingsVersion,
        vertical ? $"{_options.VerticalLanguages}:psm5" : $"{_options.Languages}:psm{_options.PageSegMode}",
        string.Create(CultureInfo.InvariantCulture, $"dpi{dpi}"), $"weak{_options.WeakConfidenceThreshold}", _retry,
        $"latin{_options.LatinLanguages}{_options.LatinRereadConfidence}");

    /// <summary>SHA-256 of the grayscale pixels and their size: the same scan in another file has the same hash.</summary>
    public static string Hash(GrayPageImage page)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> size = stackalloc byte[8];
        BitConverter.TryWriteBytes(size, page.Width);
        BitConverter.TryWriteBytes(size[4..], page.Height);
        hash.AppendData(size);
        hash.AppendData(page.Pixels);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
