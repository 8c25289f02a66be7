using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;

namespace FileSearch.Extraction;

/// <summary>
/// The card of a mail (.eml with MimeKit, Outlook .msg with NPOI): its decoded subject, sender and date, which the
/// thumbnailer draws. A mail that does not parse throws a permanent <c>corrupt-mail</c> and keeps its placeholder card.
/// </summary>
public sealed class MailPreviewSource : IPreviewSource
{
    public bool CanPrepare(FileKind kind) => kind is FileKind.Eml or FileKind.Msg;

    public async Task<DocumentPreview> PrepareAsync(string filePath, FileKind kind, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var mail = await MailFiles.ReadAsync(filePath, kind, cancellationToken).ConfigureAwait(false);
        return new MailCardPreview(mail.Subject, mail.From, mail.Date);
    }
}
