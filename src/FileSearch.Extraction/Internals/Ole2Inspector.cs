using FileSearch.Core.Domain;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Tells OLE2 compound files apart by the names of their root streams, as their applications write them:
/// <c>WordDocument</c> (Word 97-2003), <c>Workbook</c> or <c>Book</c> (Excel 97-2003 / Excel 5),
/// <c>PowerPoint Document</c> (PowerPoint 97-2003), <c>__substg1.0_*</c> property streams (Outlook .msg),
/// <c>EncryptedPackage</c> (a password-protected Office Open XML file), <c>DocumentText</c> with JustSystems'
/// <c>\u0004JSRV_SummaryInformation</c> or <c>JSRV_SegmentInformation</c>, or <c>JSCompDocument</c> (Ichitaro .jtd, and
/// its compressed .jttc).
/// </summary>
internal static class Ole2Inspector
{
    /// <summary>The kind named by the root streams; <see cref="FileKind.Unknown"/> for encrypted or unknown files.</summary>
    /// <exception cref="IOException">The compound file's directory cannot be read.</exception>
    public static Ole2Content Classify(string filePath)
    {
        var fs = Open(filePath);
        try
        {
            return Classify(fs.Root.EntryNames);
        }
        finally
        {
            fs.Close();
        }
    }

    public static Ole2Content Classify(IEnumerable<string> rootEntries)
    {
        var names = new HashSet<string>(rootEntries, StringComparer.OrdinalIgnoreCase);
        if (names.Contains("EncryptedPackage"))
        {
            return new Ole2Content(FileKind.Unknown, Encrypted: true);
        }

        if (names.Contains("WordDocument"))
        {
            return new Ole2Content(FileKind.Doc, Encrypted: false);
        }

        if (names.Contains("Workbook") || names.Contains("Book"))
        {
            return new Ole2Content(FileKind.Xls, Encrypted: false);
        }

        if (names.Contains("PowerPoint Document"))
        {
            return new Ole2Content(FileKind.Ppt, Encrypted: false);
        }

        if ((names.Contains("DocumentText") && names.Any(n => n.TrimStart('\u0004').StartsWith("JSRV_", StringComparison.OrdinalIgnoreCase)))
            || names.Contains("JSCompDocument"))
        {
            return new Ole2Content(FileKind.Jtd, Encrypted: false);
        }

        if (names.Contains("__properties_version1.0") || names.Any(n => n.StartsWith("__substg1.0_", StringComparison.OrdinalIgnoreCase)))
        {
            return new Ole2Content(FileKind.Msg, Encrypted: false);
        }

        return new Ole2Content(FileKind.Unknown, Encrypted: false);
    }

    /// <summary>Opens the compound file read-only; streams are read on demand, not loaded whole.</summary>
    public static NPOIFSFileSystem Open(string filePath)
    {
        try
        {
            return new NPOIFSFileSystem(new FileInfo(filePath), true);
        }
        catch (Exception ex) when (ex is not (IOException or OperationCanceledException))
        {
            // NPOI reports a broken header or sector chain with its own and runtime exception types.
            throw new IOException($"OLE2 compound file cannot be read: {ex.Message}", ex);
        }
    }
}

/// <summary>What the root streams of a compound file say.</summary>
internal readonly record struct Ole2Content(FileKind Kind, bool Encrypted);
