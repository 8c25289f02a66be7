using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>What a thumbnailer draws for a document that has no picture of its own.</summary>
public abstract record DocumentPreview;

/// <summary>A PDF whose first page is the document's preview (an Office file converted by LibreOffice).</summary>
/// <param name="PdfPath">The PDF, inside the work folder the thumbnailer handed to the source (removed with it).</param>
public sealed record PdfPreview(string PdfPath) : DocumentPreview;

/// <summary>A mail's card: its subject, sender and date, drawn by the thumbnailer.</summary>
/// <param name="Subject">The decoded subject, null when the mail has none.</param>
/// <param name="Sender">The sender as it reads in a mail client (<c>山田太郎 &lt;yamada@example.jp&gt;</c>).</param>
/// <param name="Date">When it was sent, in the mail's own offset.</param>
public sealed record MailCardPreview(string? Subject, string? Sender, DateTimeOffset? Date) : DocumentPreview;

/// <summary>
/// Turns a document without a picture of its own (Office, OpenDocument, mail) into something the thumbnailer can draw.
/// A source that cannot (converter missing, timed out or crashed, file unreadable) throws, and the document keeps the
/// placeholder card drawn on request.
/// </summary>
public interface IPreviewSource
{
    bool CanPrepare(FileKind kind);

    /// <summary>Prepares the preview of <paramref name="filePath"/>; files it writes go into <paramref name="workFolder"/>.</summary>
    Task<DocumentPreview> PrepareAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken);
}
