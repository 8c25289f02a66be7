using System.ComponentModel.DataAnnotations;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// In-process Tesseract OCR, bound from the configuration section <c>Ocr</c> and validated at start
/// (including that libtesseract loads and every language's traineddata file exists).
/// </summary>
public sealed class OcrOptions
{
    /// <summary>The configuration section name: <c>Ocr</c>.</summary>
    public const string SectionName = "Ocr";

    /// <summary>
    /// Tesseract languages joined with <c>+</c>. Default <c>jpn</c>: the Japanese model reads Latin letters, digits and
    /// English words too (one character wrong in a 330-character English paragraph), while <c>jpn+eng</c> read whole
    /// lines of clean serif Japanese as Latin garbage (CER of the accuracy set's clean pages 9.4% against 2.4%).
    /// Set <c>jpn+eng</c> for mostly English documents.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", ErrorMessage = "Ocr:Languages must look like 'jpn+eng'")]
    public string Languages { get; set; } = "jpn";

    /// <summary>
    /// Directory holding the <c>*.traineddata</c> files. Default: detected from <c>TESSDATA_PREFIX</c>, then
    /// <c>/usr/share/tesseract-ocr/5/tessdata</c>, then <c>/usr/share/tesseract-ocr/4.00/tessdata</c>.
    /// </summary>
    public string? TessdataPath { get; set; }

    /// <summary>
    /// Most engines alive (and pages recognised) at once; each engine holds its language models in memory
    /// (about 43 MB for jpn+eng, see README). Default <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    [Range(1, 64)]
    public int PoolSize { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// When the last busy engine goes back to the pool, give the native memory Tesseract freed back to the OS
    /// (glibc <c>malloc_trim</c>, a few milliseconds). Default true. Measured with <c>bench leak</c> over 300 files:
    /// RSS growth 54 MB with it, 58 MB without; most of the growth came from glibc's per-thread arenas. The
    /// <c>./filesearch</c> launcher preloads jemalloc, which returns freed memory by itself (3 MB over 1,000 files), and
    /// this trim then finds nothing to do; with <c>FILESEARCH_ALLOCATOR=glibc</c> it limits glibc to 2 arenas (11 MB).
    /// </summary>
    public bool TrimNativeHeapWhenIdle { get; set; } = true;

    /// <summary>
    /// Tesseract page segmentation mode, 1-13. Default 3 (automatic layout analysis). Measured on rendered
    /// Japanese pages: 3 keeps two-column pages and screenshot-like layouts in reading order and finds scattered
    /// labels, where 6 (one uniform block) interleaves columns, drops isolated words and reads photos as noise;
    /// 6 was faster on a dense single-column A4 page. When mode 1 or 3 finds no text at all (a lone short word),
    /// the page is retried as one block and kept if the confidence is at least 60. 0 (OSD only) yields no text.
    /// </summary>
    [Range(1, 13)]
    public int PageSegMode { get; set; } = 3;

    /// <summary>Resolution assumed when the image states none (or an implausible one). Default 300.</summary>
    [Range(70, 1200)]
    public int DefaultDpi { get; set; } = 300;

    /// <summary>
    /// Pages (TIFF pages, GIF frames, scanned PDF pages) OCR'd per file; the rest are recorded as not OCR'd
    /// (status <c>NotRecognized</c>, counted in the result property <c>ocrPagesNotRecognized</c>). Default 200.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 200;

    /// <summary>
    /// Longest time spent on one page; past it Tesseract stops and the page keeps no text (logged), so a
    /// pathological page cannot hold a worker. Default 120 seconds.
    /// </summary>
    [Range(1, 3600)]
    public int PageTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Longest time spent on the OCR of one document (all its pages); past it the unfinished pages are cut,
    /// flagged as timed out, and the document is indexed with the finished ones. Default 1800 seconds.
    /// </summary>
    [Range(1, 86_400)]
    public int DocumentTimeoutSeconds { get; set; } = 1800;

    /// <summary>
    /// Mean confidence (0-100) under which a page counts as weak: it is retried once with an alternative setting and
    /// the better reading is kept. A page the profile binarised is read again without binarisation
    /// (<c>retry:unbinarized</c>); otherwise in another page segmentation mode, 6 when <see cref="PageSegMode"/> is
    /// not 6, else 3 (<c>retry:psm6</c>). Default 70.
    /// </summary>
    [Range(0, 100)]
    public int WeakConfidenceThreshold { get; set; } = 70;

    /// <summary>
    /// When true (default), every page is first looked at for text (<see cref="Imaging.TextPresenceDetector"/>: rows
    /// of character-sized marks on a plain background, on a reduced copy). A picture (a camera photo, a colour image, a
    /// screenshot) without a line of text, such as a photo of a landscape, and a grey page (a scan, a fax, a rasterized
    /// PDF page) without a single character-sized mark, such as the blank back of a duplex scan, are not read: they are
    /// recorded as recognised with no text and the operation <c>no-text</c>, instead of OCR passes over every pixel that
    /// can only find nothing (Tesseract spent 40-115 s on one noisy blank A4 scan). False reads every page.
    /// </summary>
    public bool SkipPagesWithoutText { get; set; } = true;

    /// <summary>
    /// When true (default), a camera photo (camera EXIF, or 10 MP and more) in which
    /// <see cref="Imaging.TextPresenceDetector"/> found text is read only where the text is and at the size Tesseract reads
    /// best (<see cref="Imaging.ReadingWindow"/>): its text lines with a margin, overlapping ones merged into windows,
    /// each reduced so that its smallest characters are about 40 pixels high (operations <c>window:WxH@X,Y</c> and
    /// <c>reduce:F</c>); the whole photo, reduced for its smallest line, when the windows would cover more than half of
    /// it. A 12 MP photo of a sign is then read as a window of a few hundred thousand pixels, and a photo the detector
    /// wrongly took for text costs a small read, not a full one. False reads such photos whole at the resolution of the
    /// file. Needs <see cref="SkipPagesWithoutText"/>.
    /// </summary>
    public bool ReadPicturesWhereTextIs { get; set; } = true;

    /// <summary>
    /// Character height, in pixels, at which whole pages are read. A page (a scan, a rasterized PDF page, a picture not
    /// read in windows) whose text lines, measured by <see cref="Imaging.TextPresenceDetector"/> (the lower quartile of their
    /// character heights), are at least 1.3 times this high is reduced (Lanczos) so that they are this high, and read as a 300 dpi page
    /// (operation <c>reduce:F</c>): Tesseract's line recogniser scales every line to its own height anyway, so the
    /// pixels above that only cost binarisation and layout analysis. Pages with fewer than three rows of horizontal text
    /// (a lone line, a few lines turned a quarter) and vertical pages keep their resolution. 0 reads every page at the
    /// resolution it comes in. Default <see cref="PlateauReadTextHeight"/>.
    /// </summary>
    [Range(0, 200)]
    public int ReadTextHeight { get; set; } = PlateauReadTextHeight;

    /// <summary>A <see cref="ReadTextHeight"/> for pages of body text: down to it the reading of the accuracy set did not get worse.</summary>
    public const int PlateauReadTextHeight = 24;

    /// <summary>
    /// Least letters and digits (after dropping <c>(cid:123)</c> runs, replacement and private-use characters)
    /// for a PDF page's text layer to count as real text; pages under it are rasterized and OCR'd. Default 10.
    /// </summary>
    [Range(1, 10_000)]
    public int MinTextLayerChars { get; set; } = 10;

    /// <summary>Resolution at which scanned PDF pages are rasterized (grayscale) by <c>pdftoppm</c>. Default 300.</summary>
    [Range(72, 600)]
    public int RasterDpi { get; set; } = 300;

    /// <summary>Longest time one <c>pdftoppm</c> run may take; past it the process is killed and its pages are not OCR'd. Default 300 seconds.</summary>
    [Range(1, 3600)]
    public int RasterTimeoutSeconds { get; set; } = 300;

    /// <summary>The <c>pdftoppm</c> executable (Debian <c>poppler-utils</c>). Default <c>pdftoppm</c> from PATH.</summary>
    [Required]
    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>
    /// SQLite file of OCR page checkpoints (<see cref="SqliteOcrPageCache"/>). Default none (no checkpoints); the CLI
    /// sets it to <c>&lt;data directory&gt;/ocr-pages.db</c>.
    /// </summary>
    public string? PageCacheFile { get; set; }

    /// <summary>
    /// Version of the OCR settings, part of every checkpoint key. The other settings are in the keys too, so that a
    /// change re-reads only the pages it affects; raise this to re-read every page (e.g. after a traineddata update).
    /// Default <c>1</c>.
    /// </summary>
    [Required]
    public string SettingsVersion { get; set; } = "1";

    /// <summary>
    /// Languages for pages detected as vertical Japanese (columns), read in segmentation mode 5 (vertical block).
    /// Default <c>jpn_vert</c> (Debian <c>tesseract-ocr-jpn-vert</c>); empty turns vertical detection off. Vertical engines
    /// are created only when such a page appears (about 40 MB each, at most <see cref="PoolSize"/>).
    /// </summary>
    [RegularExpression("^$|^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", ErrorMessage = "Ocr:VerticalLanguages must look like 'jpn_vert' or be empty")]
    public string VerticalLanguages { get; set; } = "jpn_vert";

    /// <summary>
    /// Languages that read Latin words again. On horizontal pages, the words the main languages were unsure of (word
    /// confidence under <see cref="LatinRereadConfidence"/>): each such word's run of Latin letters, digits and ASCII
    /// punctuation is read as one line, and that reading replaces the word's when it is more confident and has the run's
    /// shape (printable ASCII, about as long). On vertical pages, the columns whose reading has Latin letters (Latin words
    /// run sideways there, which <see cref="VerticalLanguages"/> cannot read) are turned back and read as one line, and
    /// confident words replace what they cover. Default <c>eng</c> (installed with Debian <c>tesseract-ocr</c>); empty
    /// turns the second pass off. Engines are created only when a page has such words (about 15 MB each, at most
    /// <see cref="PoolSize"/>). Pages without Latin letters never use them.
    /// </summary>
    [RegularExpression("^$|^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", ErrorMessage = "Ocr:LatinLanguages must look like 'eng' or be empty")]
    public string LatinLanguages { get; set; } = "eng";

    /// <summary>Word confidence (0-100) under which a Latin word is read again with <see cref="LatinLanguages"/>. Default 90.</summary>
    [Range(0, 101)]
    public int LatinRereadConfidence { get; set; } = 90;

    /// <summary>Page preprocessing before recognition (section <c>Ocr:Preprocessing</c>, validated too); default profile <c>auto</c>.</summary>
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public OcrPreprocessingOptions Preprocessing { get; set; } = new();
}
