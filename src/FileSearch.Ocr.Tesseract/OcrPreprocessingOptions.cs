using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FileSearch.Imaging;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// Page preprocessing before OCR, bound from <c>Ocr:Preprocessing</c>. A profile chooses the operations; each toggle,
/// when set, overrides the profile for that operation. The operations applied are recorded per page in the result
/// property <c>ocrPageOperations</c>.
/// </summary>
public sealed class OcrPreprocessingOptions
{
    /// <summary>
    /// <c>auto</c> (default: <c>photo</c> for pages <see cref="PageProfileClassifier"/> takes for camera photos of paper,
    /// <c>scan</c> for the rest; the choice is recorded as <c>profile:scan</c> or <c>profile:photo</c> in the page's
    /// operations), <c>scan</c> (normalize, upscale under 250 DPI, deskew), <c>photo</c> (as scan plus median denoise and
    /// adaptive binarisation) or <c>none</c>.
    /// </summary>
    [RegularExpression("^(?i)(auto|scan|photo|none)$", ErrorMessage = "Ocr:Preprocessing:Profile must be auto, scan, photo or none")]
    public string Profile { get; set; } = "auto";

    /// <summary>
    /// With <c>auto</c>: the least spread of the paper's gray level across the page (uneven light) that makes a page a
    /// photo; half of it suffices when the file has camera EXIF or is colour (camera EXIF alone never makes a photo). Default 40.
    /// </summary>
    [Range(1, 255)]
    public double PhotoBackgroundSpread { get; set; } = PageProfileClassifier.DefaultPhotoSpread;

    /// <summary>
    /// With <c>auto</c>: the least grain (<see cref="PageGrain"/>, the median gray-level difference between neighbouring
    /// pixels at full resolution) that makes a page <c>scan</c> be read with the median denoise of <c>photo</c>
    /// (operations <c>profile:scan,grain:N,denoise,...</c>). A clean scan or rendered page measures 0-2 and is not
    /// denoised; a scan with a scanner's Gaussian noise of deviation 14 measures about 12, and Tesseract's binarisation
    /// turns that noise into specks where text is sparse. 0 never denoises scans. Default 8.
    /// </summary>
    [Range(0, 255)]
    public int NoisyScanGrain { get; set; } = DefaultNoisyScanGrain;

    /// <summary>The default of <see cref="NoisyScanGrain"/>.</summary>
    public const int DefaultNoisyScanGrain = 12;

    /// <summary>Overrides the profile's median denoise. Default unset.</summary>
    public bool? Denoise { get; set; }

    /// <summary>Overrides the profile's contrast normalisation. Default unset.</summary>
    public bool? Normalize { get; set; }

    /// <summary>Overrides the profile's upscaling of low-resolution pages. Default unset.</summary>
    public bool? Upscale { get; set; }

    /// <summary>Overrides the profile's deskew (±5°). Default unset.</summary>
    public bool? Deskew { get; set; }

    /// <summary>Overrides the profile's binarisation: <c>None</c>, <c>Otsu</c> or <c>Adaptive</c>. Default unset.</summary>
    public BinarizeMode? Binarize { get; set; }

    /// <summary>
    /// Turns sideways and upside-down pages upright: when a page reads weak, Tesseract's OSD (<c>osd.traineddata</c>)
    /// is asked for its 90/180/270° orientation, the turned page is read too and the more confident reading kept.
    /// Default true (independent of the profile).
    /// </summary>
    public bool Orientation { get; set; } = true;

    /// <summary>
    /// Least OSD orientation confidence for its guess to be tried. Default 0: every guess is tried, since the turned
    /// page is kept only when it reads more confidently (short pages score about 1 even when OSD is right).
    /// </summary>
    [Range(0, 100)]
    public double MinOrientationConfidence { get; set; }

    /// <summary>True when the profile is chosen per page.</summary>
    public bool IsAuto => string.Equals(Profile, "auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The operations for <paramref name="page"/> and, with <c>auto</c>, the profile chosen (<c>profile:photo</c>),
    /// else an empty label.
    /// </summary>
    public (PreprocessingSettings Settings, string Label) SettingsFor(GrayPageImage page)
    {
        if (!IsAuto)
        {
            return (ToSettings(), string.Empty);
        }

        var chosen = PageProfileClassifier.Classify(page, PhotoBackgroundSpread).Profile;
        if (chosen == PageProfile.Photo)
        {
            return (ToSettings(chosen), "profile:photo");
        }

        // A grainy scan gets the photo profile's median, which removes the specks before anything else looks at the page;
        // clean scans are measured (a few milliseconds) and read as before.
        var settings = ToSettings(chosen);
        if (Denoise is null && NoisyScanGrain > 0 && PageGrain.Measure(page) is var grain && grain >= NoisyScanGrain)
        {
            return (settings with { Denoise = true }, string.Create(CultureInfo.InvariantCulture, $"profile:scan,grain:{grain}"));
        }

        return (settings, "profile:scan");
    }

    /// <summary>The image operations these options select (<c>auto</c>: those of a scan, as for a page not yet seen).</summary>
    public PreprocessingSettings ToSettings() => ToSettings(null);

    private PreprocessingSettings ToSettings(PageProfile? chosen)
    {
        var profile = chosen switch
        {
            PageProfile.Photo => PreprocessingSettings.Photo,
            PageProfile.Scan => PreprocessingSettings.Scan,
            _ => Profile.ToUpperInvariant() switch
            {
                "PHOTO" => PreprocessingSettings.Photo,
                "NONE" => PreprocessingSettings.None,
                _ => PreprocessingSettings.Scan,
            },
        };
        return profile with
        {
            Denoise = Denoise ?? profile.Denoise,
            Normalize = Normalize ?? profile.Normalize,
            Upscale = Upscale ?? profile.Upscale,
            Deskew = Deskew ?? profile.Deskew,
            Binarize = Binarize ?? profile.Binarize,
        };
    }
}
