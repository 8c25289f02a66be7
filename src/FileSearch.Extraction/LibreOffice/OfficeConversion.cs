namespace FileSearch.Extraction.LibreOffice;

/// <summary>What LibreOffice turns a file into: a LibreOffice export filter and the extension of its output.</summary>
/// <param name="FilterName">
/// The export filter's name, as LibreOffice's filter list spells it; <c>pdf</c> picks the PDF export filter of the
/// application that loaded the document (Writer, Calc, Impress, Draw).
/// </param>
/// <param name="SourceExtension">The extension the input is given, so LibreOffice's type detection sees what it is.</param>
/// <param name="TargetExtension">The extension of the converted file.</param>
public sealed record OfficeConversion(string FilterName, string SourceExtension, string TargetExtension)
{
    /// <summary>The export filter's own options (its <c>FilterData</c>), such as a PDF's <c>PageRange</c>; none by default.</summary>
    public IReadOnlyDictionary<string, string>? FilterData { get; init; }

    /// <summary>Word 97-2003 to Office Open XML (read by the DOCX reader).</summary>
    public static OfficeConversion DocToDocx { get; } = new("MS Word 2007 XML", ".doc", ".docx");

    /// <summary>PowerPoint 97-2003 to Office Open XML (read by the PPTX reader: slides and notes).</summary>
    public static OfficeConversion PptToPptx { get; } = new("Impress MS PowerPoint 2007 XML", ".ppt", ".pptx");

    /// <summary>
    /// The first page (sheet page, slide) of a document whose file has <paramref name="sourceExtension"/>, as a
    /// one-page PDF: LibreOffice lays out and writes no more than that page.
    /// </summary>
    public static OfficeConversion FirstPageToPdf(string sourceExtension) =>
        new("pdf", sourceExtension, ".pdf") { FilterData = new Dictionary<string, string> { ["PageRange"] = "1" } };
}
