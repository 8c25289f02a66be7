using System.ComponentModel.DataAnnotations;

namespace FileSearch.Extraction;

/// <summary>
/// Limits and settings of type detection and text extraction, bound from the <c>Extraction</c>
/// configuration section and validated at start. Every limit exists because hostile or broken
/// files are normal input: they bound memory and work per document.
/// </summary>
public sealed class ExtractionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Extraction";

    /// <summary>
    /// Bytes read from the start of a file to detect its type (magic bytes, text sniffing).
    /// Default 4096 (4 KiB). The ZIP central directory of a ZIP file is read in addition.
    /// </summary>
    [Range(1024, 1024 * 1024)]
    public int DetectionSampleBytes { get; set; } = 4096;

    /// <summary>
    /// Bytes of a plain text file that are read and decoded; the rest of a larger file is ignored
    /// and the result is marked <c>truncated</c>. Default 16 MiB.
    /// </summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxTextBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Characters of text kept from one PDF or Office document; extraction stops there and the
    /// result is marked <c>truncated</c>. Default 10,000,000.
    /// </summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxTextChars { get; set; } = 10_000_000;

    /// <summary>
    /// Largest total uncompressed size of an Office package (DOCX/XLSX/PPTX), as declared by its
    /// ZIP central directory. Larger packages are rejected as <c>decompression-bomb</c>. Default 512 MiB.
    /// </summary>
    [Range(1024L, long.MaxValue)]
    public long MaxZipUncompressedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Largest compression ratio (uncompressed / compressed) of an Office package entry of at least
    /// 1 MiB, and of the package as a whole. Higher ratios are rejected as <c>decompression-bomb</c>.
    /// Default 200 (real spreadsheets stay well below; zip bombs reach thousands).
    /// </summary>
    [Range(2.0, 1_000_000.0)]
    public double MaxZipCompressionRatio { get; set; } = 200;

    /// <summary>Largest number of entries in an Office package. Default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>
    /// Most members read from one archive or attachments from one mail (their contents become documents); the rest is
    /// left out with <c>too-many-members</c>. Default 10,000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxArchiveMembers { get; set; } = 10_000;

    /// <summary>
    /// Largest expanded size of one archive member or mail attachment, counted while it is written (declared sizes are
    /// not trusted); a larger one is left out with <c>member-too-large</c>. Default 256 MiB.
    /// </summary>
    [Range(1024L, long.MaxValue)]
    public long MaxMemberBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Password tried on encrypted PDFs. Default none: encrypted PDFs that need a password are
    /// rejected as <c>encrypted-pdf</c> (PDFs with only an owner password open without one).
    /// </summary>
    public string? PdfPassword { get; set; }
}
