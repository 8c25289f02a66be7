using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using MimeKit;

namespace FileSearch.Extraction.Internals;

/// <summary>Reads a mail file of either kind; a damaged one is a permanent <c>corrupt-mail</c>.</summary>
internal static class MailFiles
{
    public static async Task<MailParts> ReadAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        try
        {
            return kind switch
            {
                FileKind.Eml => await EmlReader.ReadAsync(filePath, cancellationToken).ConfigureAwait(false),
                FileKind.Msg => await Task.Run(() => MsgReader.Read(filePath), cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"{kind} is not a mail kind", nameof(kind)),
            };
        }
        catch (Exception ex) when (ex is FormatException or ParseException or IOException or InvalidDataException
            or ArgumentOutOfRangeException or IndexOutOfRangeException or EndOfStreamException)
        {
            throw ProcessingException.Permanent("corrupt-mail", $"Mail file is damaged or not a valid {kind.ShortName()} message: {ex.Message}", ex);
        }
    }
}
