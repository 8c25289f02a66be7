namespace FileSearch.Extraction.LibreOffice;

/// <summary>What LibreOffice turns a file into: a LibreOffice export filter and the extension of its output.</summary>
/// <param name="FilterName">The export filter's name, as LibreOffice's filter list spells it.</param>
/// <param name="SourceExtension">The extension the input is given, so LibreOffice's type detection sees what it is.</param>
/// <param name="TargetExtension">The extension of the converted file.</param>
public sealed record OfficeConversion(string FilterName, string SourceExtension, string TargetExtension)
{
    /// <summary>Word 97-2003 to Office Open XML (read by the DOCX reader).</summary>
    public static OfficeConversion DocToDocx { get; } = new("MS Word 2007 XML", ".doc", ".docx");

    /// <summary>PowerPoint 97-2003 to Office Open XML (read by the PPTX reader: slides and notes).</summary>
    public static OfficeConversion PptToPptx { get; } = new("Impress MS PowerPoint 2007 XML", ".ppt", ".pptx");
}
