using System.IO.Compression;
using System.Text;

namespace FileSearch.Testing.Data;

/// <summary>
/// Real containers for tests: ZIP archives written by the BCL with member names in a chosen encoding (Shift_JIS as Japanese
/// Windows writes them, or UTF-8), and RFC 5322 mails with an RFC 2231-named attachment, as mail clients save them.
/// </summary>
public static class ContainerFiles
{
    /// <summary>Shift_JIS (code page 932), the encoding Japanese Windows writes ZIP member names in.</summary>
    public static Encoding ShiftJis
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932);
        }
    }

    /// <summary>A photograph from the desktop backgrounds every test machine has (a real JPEG).</summary>
    public static string Photograph => Directory.EnumerateFiles("/usr/share/backgrounds", "*.jpg", SearchOption.AllDirectories)
        .OrderBy(f => f, StringComparer.Ordinal).First();

    /// <summary>A ZIP with <paramref name="names"/>-encoded member names; content is a string (written as UTF-8) or bytes.</summary>
    public static byte[] Zip(Encoding names, params (string Name, object Content)[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: names))
        {
            foreach (var (name, content) in members)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Bytes(content));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A mail (UTF-8 headers in RFC 2047 words) with a text body and one attachment named in RFC 2231 form.</summary>
    public static byte[] Mail(string subject, string body, string attachmentName, object attachment, string contentType = "text/plain; charset=utf-8")
    {
        const string Boundary = "=_filesearch_test_boundary";
        var name = "UTF-8''" + Uri.EscapeDataString(attachmentName);
        var mail = new StringBuilder()
            .Append("From: ").Append(Word("購買部 田中")).Append(" <tanaka@example.co.jp>\r\n")
            .Append("To: ").Append(Word("総務部")).Append(" <soumu@example.co.jp>\r\n")
            .Append("Subject: ").Append(Word(subject)).Append("\r\n")
            .Append("Date: Mon, 02 Dec 2024 10:00:00 +0900\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\r\n\r\n")
            .Append("--").Append(Boundary).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
            .Append(Base64(Encoding.UTF8.GetBytes(body))).Append("\r\n")
            .Append("--").Append(Boundary).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("; name*=").Append(name).Append("\r\n")
            .Append("Content-Disposition: attachment; filename*=").Append(name).Append("\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n\r\n")
            .Append(Base64(Bytes(attachment))).Append("\r\n")
            .Append("--").Append(Boundary).Append("--\r\n");
        return Encoding.ASCII.GetBytes(mail.ToString());
    }

    private static byte[] Bytes(object content) => content as byte[] ?? Encoding.UTF8.GetBytes((string)content);

    private static string Word(string text) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static string Base64(byte[] data) => Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks);
}
