using NPOI.HPSF;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// A minimal Ichitaro compound file as Ichitaro lays it out (stream names after the public reverse-engineered
/// description of .jtd): a <c>DocumentText</c> block store, <c>\u0004JSRV_SummaryInformation</c>, <c>Font</c>, and the
/// OLE document properties in code page 932 with Ichitaro's version in the comments.
/// </summary>
internal static class IchitaroFiles
{
    public static void Write(string path, string title, string author, bool withProperties = true)
    {
        var fs = new POIFSFileSystem();
        // "SsmgV.01", then a block store whose text is UTF-16BE; the body is never read, its bytes only need to exist.
        byte[] documentText = [.. "SsmgV.01"u8, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, .. new byte[256]];
        fs.Root.CreateDocument("DocumentText", new MemoryStream(documentText));
        fs.Root.CreateDocument("\u0004JSRV_SummaryInformation", new MemoryStream(new byte[64]));
        fs.Root.CreateDocument("Font", new MemoryStream([.. "FontV.01"u8, 0, 0]));
        if (withProperties)
        {
            var summary = PropertySetFactory.CreateSummaryInformation();
            ((MutableSection)summary.FirstSection).Codepage = 932;
            summary.Title = title;
            summary.Author = author;
            summary.Comments = "一太郎 2018 文書";
            summary.Template = @"N:\総務部\議事録\" + title + ".jtd";
            summary.Write(fs.Root, SummaryInformation.DEFAULT_STREAM_NAME);
        }

        using var file = File.Create(path);
        fs.WriteFileSystem(file);
    }
}
