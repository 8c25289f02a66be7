namespace FileSearch.Core.Domain;

/// <summary>What happened to one page.</summary>
public enum OcrPageStatus
{
    /// <summary>Recognised (the text may still be empty for a blank page).</summary>
    Recognized,

    /// <summary>Cut at the per-page or per-document deadline; no text kept.</summary>
    TimedOut,

    /// <summary>Not OCR'd: beyond the page limit, or the page could not be rasterized.</summary>
    NotRecognized,
}
