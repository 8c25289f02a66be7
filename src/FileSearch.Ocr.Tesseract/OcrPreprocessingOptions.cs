using System.ComponentModel.DataAnnotations;
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
    /// <c>scan</c> (default: normalize, upscale under 250 DPI, deskew), <c>photo</c> (as scan plus median denoise and
    /// adaptive binarisation) or <c>none</c>.
    /// </summary>
    [RegularExpression("^(?i)(scan|photo|none)$", ErrorMessage = "Ocr:Preprocessing:Profile must be scan, photo or none")]
    public string Profile { get; set; } = "scan";

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
    /// Detects 90/180/270° page orientation with Tesseract's OSD (<c>osd.traineddata</c>) and turns the page upright
    /// before recognition. Default true (independent of the profile).
    /// </summary>
    public bool Orientation { get; set; } = true;

    /// <summary>Least OSD orientation confidence for a page to be turned. Default 2: a page of a single short line scores about 1 in any direction, and is left as it is.</summary>
    [Range(0, 100)]
    public double MinOrientationConfidence { get; set; } = 2;

    /// <summary>The image operations these options select.</summary>
    public PreprocessingSettings ToSettings()
    {
        var profile = Profile.ToUpperInvariant() switch
        {
            "PHOTO" => PreprocessingSettings.Photo,
            "NONE" => PreprocessingSettings.None,
            _ => PreprocessingSettings.Scan,
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
