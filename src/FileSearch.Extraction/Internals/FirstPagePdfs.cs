using System.Globalization;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The first-page PDF that LibreOffice wrote beside a document's text in the same load, kept next to the document in its
/// work folder for the preview stage. The name carries the document's length and modification time, so a PDF left by
/// another file that took the same path (members are written under fixed names) is never taken for this one's.
/// </summary>
internal static class FirstPagePdfs
{
    /// <summary>Where the first-page PDF of <paramref name="filePath"/>, as the file is now, is kept.</summary>
    public static string PathFor(string filePath)
    {
        var file = new FileInfo(filePath);
        return Path.Combine(file.DirectoryName!, string.Create(
            CultureInfo.InvariantCulture, $"{file.Name}.first-page-{file.Length}-{file.LastWriteTimeUtc.Ticks}.pdf"));
    }

    /// <summary>True when <paramref name="filePath"/> lies inside <paramref name="workFolder"/>, where by-products may be left.</summary>
    public static bool IsInside(string filePath, string workFolder)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workFolder)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(filePath).StartsWith(folder, StringComparison.Ordinal);
    }

    /// <summary>Moves the kept PDF of <paramref name="filePath"/> to <paramref name="target"/>; false when there is none.</summary>
    public static bool TryTake(string filePath, string target)
    {
        var kept = PathFor(filePath);
        try
        {
            File.Move(kept, target, overwrite: true);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
