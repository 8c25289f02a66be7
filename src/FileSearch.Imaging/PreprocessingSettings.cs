namespace FileSearch.Imaging;

/// <summary>How a page is binarised before OCR.</summary>
public enum BinarizeMode
{
    /// <summary>Left in grayscale (Tesseract binarises internally).</summary>
    None,

    /// <summary>One global threshold from the page histogram (Otsu): even scans.</summary>
    Otsu,

    /// <summary>A threshold from each pixel's neighbourhood: photos with uneven light.</summary>
    Adaptive,
}

/// <summary>The operations <see cref="PagePreprocessor"/> applies to a page, in the order listed.</summary>
public sealed record PreprocessingSettings
{
    /// <summary>Median filter (3x3) against salt-and-pepper and sensor noise.</summary>
    public bool Denoise { get; init; }

    /// <summary>Stretches the 1st-99th percentile of gray levels to the full range (low-contrast scans).</summary>
    public bool Normalize { get; init; }

    /// <summary>Enlarges pages whose stated resolution is under <see cref="MinDpi"/> to <see cref="TargetDpi"/> (at most 4x).</summary>
    public bool Upscale { get; init; }

    /// <summary>Estimates the skew within <see cref="MaxSkewDegrees"/> and rotates the page level.</summary>
    public bool Deskew { get; init; }

    public BinarizeMode Binarize { get; init; }

    /// <summary>Resolution under which a page is enlarged. Default 250 (a nominal 300 DPI scan is left alone).</summary>
    public double MinDpi { get; init; } = 250;

    /// <summary>Resolution an enlarged page is brought to. Default 300.</summary>
    public double TargetDpi { get; init; } = 300;

    /// <summary>Largest skew searched for, either way. Default 5 degrees.</summary>
    public double MaxSkewDegrees { get; init; } = 5;

    /// <summary>Nothing applied.</summary>
    public static PreprocessingSettings None { get; } = new();

    /// <summary>
    /// Scans: normalise, upscale, deskew. No median (it broke a one-line 12 pt page in the tests) and binarisation left to
    /// Tesseract's own Otsu.
    /// </summary>
    public static PreprocessingSettings Scan { get; } = new() { Normalize = true, Upscale = true, Deskew = true };

    /// <summary>Photos: as scans, plus denoise and adaptive binarisation against sensor noise and uneven lighting.</summary>
    public static PreprocessingSettings Photo { get; } = Scan with { Denoise = true, Binarize = BinarizeMode.Adaptive };

    /// <summary>A short, stable description of the settings, for cache keys.</summary>
    public string Key => $"d{(Denoise ? 1 : 0)}n{(Normalize ? 1 : 0)}u{(Upscale ? 1 : 0)}s{(Deskew ? 1 : 0)}b{Binarize}" +
        $"@{MinDpi}-{TargetDpi}-{MaxSkewDegrees}";
}
