using MimeKit;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// An Internet mail (RFC 5322 / MIME) with MimeKit: encoded words in headers (<c>=?ISO-2022-JP?B?...?=</c>) and
/// bodies in any charset (ISO-2022-JP, Shift_JIS, UTF-8 ...) decoded, attachment names from
/// Content-Disposition / Content-Type (RFC 2231 included).
/// </summary>
internal static class EmlReader
{
    public static async Task<MailParts> ReadAsync(string filePath, CancellationToken cancellationToken)
    {
        _ = JapaneseEncodings.ShiftJis; // registers the code-page encodings (ISO-2022-JP, Shift_JIS) MimeKit decodes with
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            using var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            var attachments = new List<string>();
            foreach (var attachment in message.Attachments)
            {
                var name = attachment switch
                {
                    MimePart part => part.FileName,
                    MessagePart { Message: { } inner } => inner.Subject,
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(name))
                {
                    attachments.Add(name);
                }
            }

            return new MailParts(
                message.Subject,
                Addresses(message.From),
                Addresses(message.To),
                Addresses(message.Cc),
                message.Date == DateTimeOffset.MinValue ? null : message.Date,
                message.TextBody,
                message.HtmlBody,
                attachments);
        }
    }

    private static string? Addresses(InternetAddressList list) => list.Count == 0
        ? null
        : string.Join(", ", list.Select(a => a is MailboxAddress m && !string.IsNullOrEmpty(m.Name) ? $"{m.Name} <{m.Address}>" : a.ToString()));
}
