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
        _ => "application/octet-stream",
    };

    /// <summary>Short lowercase name used in the index, filters and the CLI (pdf, docx, png, ...).</summary>
    public static string ShortName(this FileKind kind) => kind switch
    {
        FileKind.Text => "txt",
        FileKind.Jpeg => "jpg",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool IsImage(this FileKind kind) => kind is FileKind.Png or FileKind.Jpeg or FileKind.Tiff
        or FileKind.WebP or FileKind.Bmp or FileKind.Gif or FileKind.Heic;

    public static bool IsOffice(this FileKind kind) => kind is FileKind.Docx or FileKind.Xlsx or FileKind.Pptx;

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
            _ => FileKind.Unknown,
        };
    }
}
