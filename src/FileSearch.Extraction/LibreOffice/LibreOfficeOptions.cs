using System.ComponentModel.DataAnnotations;

namespace FileSearch.Extraction.LibreOffice;

/// <summary>
/// The supervised LibreOffice converter (<see cref="LibreOfficeConverter"/>), bound from
/// <c>Extraction:LibreOffice</c> and validated at start.
/// </summary>
public sealed class LibreOfficeOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Extraction:LibreOffice";

    /// <summary>The <c>soffice</c> executable. Default <c>soffice</c> (on PATH; Debian: libreoffice-*-nogui).</summary>
    [Required]
    public string SofficePath { get; set; } = "soffice";

    /// <summary>
    /// A Python that has LibreOffice's UNO bridge, which drives the running instance. Default <c>/usr/bin/python3</c>
    /// (Debian: python3-uno installs the bridge for the system Python only).
    /// </summary>
    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    /// <summary>Warm LibreOffice instances, each with its own profile; also the number of concurrent conversions. Default 1.</summary>
    [Range(1, 16)]
    public int Instances { get; set; } = 1;

    /// <summary>Longest time one document may take; past it the instance is killed and restarted. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConversionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether Office and OpenDocument files get a first-page preview rendered through LibreOffice (to a one-page PDF,
    /// then the PDF thumbnailer) at ingest. Off: they are shown with the placeholder card. Default true.
    /// </summary>
    public bool Previews { get; set; } = true;

    /// <summary>
    /// Longest time the first-page PDF of one document may take; past it the instance is killed and restarted and the
    /// document keeps the placeholder card. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PreviewTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time an instance may take to start and accept its first connection. Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Documents one instance converts before it is restarted, which bounds what a long-lived office process leaks. Default 500.</summary>
    [Range(1, 1_000_000)]
    public int MaxConversionsPerInstance { get; set; } = 500;

    /// <summary>
    /// Folder of the instances' profiles and of converted files (removed after each document). Default: a
    /// <c>filesearch-libreoffice</c> folder in the system temp folder; the host sets <c>{data}/libreoffice</c>.
    /// </summary>
    public string? WorkDirectory { get; set; }
}
