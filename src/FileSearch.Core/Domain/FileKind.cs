namespace FileSearch.Core.Domain;

/// <summary>The file types the pipeline understands. Detected from content, extension as fallback.</summary>
public enum FileKind
{
    Unknown = 0,
    Text,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Png,
    Jpeg,
    Tiff,
    WebP,
    Bmp,
    Gif,
    Heic,
    Zip,

    /// <summary>Word 97-2003 binary document (OLE2 with a WordDocument stream).</summary>
    Doc,

    /// <summary>Excel 97-2003 binary workbook (OLE2 with a Workbook stream).</summary>
    Xls,

    /// <summary>PowerPoint 97-2003 binary presentation (OLE2 with a PowerPoint Document stream).</summary>
    Ppt,

    /// <summary>Outlook message (OLE2 with MAPI property streams).</summary>
    Msg,

    /// <summary>Internet mail message (RFC 5322 / MIME).</summary>
    Eml,

    /// <summary>Rich Text Format.</summary>
    Rtf,

    /// <summary>OpenDocument text.</summary>
    Odt,

    /// <summary>OpenDocument spreadsheet.</summary>
    Ods,

    /// <summary>OpenDocument presentation.</summary>
    Odp,

    Html,
    Xml,
    Json,

    /// <summary>7-Zip archive.</summary>
    SevenZip,

    /// <summary>tar archive (POSIX ustar or GNU).</summary>
    Tar,

    /// <summary>gzip-compressed file; a compressed tar (<c>.tar.gz</c>, <c>.tgz</c>) is read as the archive it holds.</summary>
    GZip,

    /// <summary>LHA archive (<c>.lzh</c>): detected, indexed by name (no maintained .NET reader).</summary>
    Lzh,

    /// <summary>
    /// Ichitaro (JustSystems) document (<c>.jtd</c>, OLE2 with a <c>DocumentText</c> stream): detected, indexed by name
    /// and document properties (neither LibreOffice nor a maintained .NET library reads its body).
    /// </summary>
    Jtd,
}

/// <summary>Facts about a <see cref="FileKind"/>: MIME type, short name, family.</summary>
public static class FileKinds
{
    public static string MimeType(this FileKind kind) => kind switch
    {
        FileKind.Text => "text/plain",
        FileKind.Pdf => "application/pdf",
        FileKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        FileKind.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        FileKind.Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        FileKind.Png => "image/png",
        FileKind.Jpeg => "image/jpeg",
        FileKind.Tiff => "image/tiff",
        FileKind.WebP => "image/webp",
        FileKind.Bmp => "image/bmp",
        FileKind.Gif => "image/gif",
        FileKind.Heic => "image/heic",
        FileKind.Zip => "application/zip",
        FileKind.Doc => "application/msword",
        FileKind.Xls => "application/vnd.ms-excel",
        FileKind.Ppt => "application/vnd.ms-powerpoint",
        FileKind.Msg => "application/vnd.ms-outlook",
        FileKind.Eml => "message/rfc822",
        FileKind.Rtf => "application/rtf",
        FileKind.Odt => "application/vnd.oasis.opendocument.text",
        FileKind.Ods => "application/vnd.oasis.opendocument.spreadsheet",
        FileKind.Odp => "application/vnd.oasis.opendocument.presentation",
        FileKind.Html => "text/html",
        FileKind.Xml => "application/xml",
        FileKind.Json => "application/json",
        FileKind.SevenZip => "application/x-7z-compressed",
        FileKind.Tar => "application/x-tar",
        FileKind.GZip => "application/gzip",
        FileKind.Lzh => "application/x-lzh-compressed",
        FileKind.Jtd => "application/x-js-taro",
        _ => "application/octet-stream",
    };

    /// <summary>Short lowercase name used in the index, filters and the CLI (pdf, docx, png, ...).</summary>
    public static string ShortName(this FileKind kind) => kind switch
    {
        FileKind.Text => "txt",
        FileKind.Jpeg => "jpg",
        FileKind.SevenZip => "7z",
        FileKind.GZip => "gz",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool IsImage(this FileKind kind) => kind is FileKind.Png or FileKind.Jpeg or FileKind.Tiff
        or FileKind.WebP or FileKind.Bmp or FileKind.Gif or FileKind.Heic;

    public static bool IsOffice(this FileKind kind) => kind is FileKind.Docx or FileKind.Xlsx or FileKind.Pptx;

    /// <summary>Word, Excel and PowerPoint 97-2003 binary (OLE2) documents.</summary>
    public static bool IsLegacyOffice(this FileKind kind) => kind is FileKind.Doc or FileKind.Xls or FileKind.Ppt;

    /// <summary>OpenDocument text, spreadsheet and presentation packages.</summary>
    public static bool IsOpenDocument(this FileKind kind) => kind is FileKind.Odt or FileKind.Ods or FileKind.Odp;

    /// <summary>Archives: ZIP, 7z, tar, gzip, LHA.</summary>
    public static bool IsArchive(this FileKind kind) => kind is FileKind.Zip or FileKind.SevenZip or FileKind.Tar
        or FileKind.GZip or FileKind.Lzh;

    /// <summary>Formats that are text on disk (read with the detected character encoding).</summary>
    public static bool IsTextual(this FileKind kind) => kind is FileKind.Text or FileKind.Html or FileKind.Xml
        or FileKind.Json or FileKind.Eml or FileKind.Rtf;

    /// <summary>Parses a short name or extension ("pdf", ".jpeg", "txt") to a kind.</summary>
    public static FileKind FromExtension(string? extension)
    {
        var ext = (extension ?? string.Empty).TrimStart('.').ToLowerInvariant();
        return ext switch
        {
            "txt" or "text" or "csv" or "tsv" or "md" or "log" => FileKind.Text,
            "pdf" => FileKind.Pdf,
            "docx" => FileKind.Docx,
            "xlsx" => FileKind.Xlsx,
            "pptx" => FileKind.Pptx,
            "png" => FileKind.Png,
            "jpg" or "jpeg" or "jpe" => FileKind.Jpeg,
            "tif" or "tiff" => FileKind.Tiff,
            "webp" => FileKind.WebP,
            "bmp" => FileKind.Bmp,
            "gif" => FileKind.Gif,
            "heic" or "heif" => FileKind.Heic,
            "zip" => FileKind.Zip,
            "doc" or "dot" => FileKind.Doc,
            "xls" or "xlt" => FileKind.Xls,
            "ppt" or "pps" or "pot" => FileKind.Ppt,
            "msg" => FileKind.Msg,
            "eml" => FileKind.Eml,
            "rtf" => FileKind.Rtf,
            "odt" or "ott" => FileKind.Odt,
            "ods" or "ots" => FileKind.Ods,
            "odp" or "otp" => FileKind.Odp,
            "html" or "htm" or "xhtml" => FileKind.Html,
            "xml" => FileKind.Xml,
            "json" => FileKind.Json,
            "7z" => FileKind.SevenZip,
            "tar" => FileKind.Tar,
            "gz" or "tgz" or "gzip" => FileKind.GZip,
            "lzh" or "lha" => FileKind.Lzh,
            "jtd" or "jtt" or "jttc" => FileKind.Jtd,
            _ => FileKind.Unknown,
        };
    }
}
