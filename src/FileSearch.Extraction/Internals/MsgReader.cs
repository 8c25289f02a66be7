using System.Buffers.Binary;
using System.Text;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The parts of an Outlook .msg file ([MS-OXMSG]) that matter for search, read with NPOI's OLE2 reader: subject,
/// sender, recipients, date, plain and HTML bodies, and attachment names. Each MAPI property is a stream
/// <c>__substg1.0_{id}{type}</c>: type 001F is UTF-16LE, 001E is 8-bit text in the message's code page
/// (PR_MESSAGE_CODEPAGE or PR_INTERNET_CPID in <c>__properties_version1.0</c>), 0102 binary.
/// </summary>
internal static class MsgReader
{
    private const int Subject = 0x0037;
    private const int SenderName = 0x0C1A;
    private const int SenderEmail = 0x0C1F;
    private const int SenderSmtp = 0x5D01;
    private const int DisplayTo = 0x0E04;
    private const int DisplayCc = 0x0E03;
    private const int Body = 0x1000;
    private const int BodyHtml = 0x1013;
    private const int AttachLongFileName = 0x3707;
    private const int AttachFileName = 0x3704;
    private const int DisplayName = 0x3001;
    private const string AttachDataBinary = "__substg1.0_37010102";
    private const uint ClientSubmitTime = 0x00390040;
    private const uint MessageDeliveryTime = 0x0E060040;
    private const uint MessageCodePage = 0x3FFD0003;
    private const uint InternetCodePage = 0x3FDE0003;

    /// <summary>Longest property stream read: bodies larger than this are cut (the text budget cuts them anyway).</summary>
    private const int MaxPropertyBytes = 64 * 1024 * 1024;

    public static MailParts Read(string filePath)
    {
        var fs = Ole2Inspector.Open(filePath);
        try
        {
            var root = fs.Root;
            var (codePage, date) = ReadFixedProperties(root);
            var encoding = EncodingFor(codePage);
            var attachments = Attachments(root, encoding).Select(a => a.Name).OfType<string>().ToList();

            var html = Binary(root, BodyHtml) is { } bytes ? DecodeHtml(bytes) : String(root, BodyHtml, encoding);
            var senderName = String(root, SenderName, encoding);
            var senderAddress = String(root, SenderSmtp, encoding) ?? String(root, SenderEmail, encoding);
            return new MailParts(
                String(root, Subject, encoding),
                JoinAddress(senderName, senderAddress),
                String(root, DisplayTo, encoding),
                String(root, DisplayCc, encoding),
                date,
                String(root, Body, encoding),
                html,
                attachments);
        }
        finally
        {
            fs.Close();
        }
    }

    /// <summary>
    /// The attachments of an opened .msg, in storage order: file name (long, short, else display name) and the stream of
    /// its bytes (<c>PR_ATTACH_DATA_BIN</c>), null for an embedded message or OLE object, which have none.
    /// </summary>
    public static IReadOnlyList<MsgAttachment> Attachments(DirectoryNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Attachments(root, EncodingFor(ReadFixedProperties(root).CodePage));
    }

    private static List<MsgAttachment> Attachments(DirectoryNode root, Encoding encoding)
    {
        var attachments = new List<MsgAttachment>();
        foreach (var name in root.EntryNames.Order(StringComparer.Ordinal))
        {
            if (name.StartsWith("__attach_version1.0_", StringComparison.OrdinalIgnoreCase) && root.GetEntry(name) is DirectoryNode attachment)
            {
                var fileName = String(attachment, AttachLongFileName, encoding) ?? String(attachment, AttachFileName, encoding)
                    ?? String(attachment, DisplayName, encoding);
                var data = attachment.HasEntry(AttachDataBinary) ? attachment.GetEntry(AttachDataBinary) as DocumentEntry : null;
                attachments.Add(new MsgAttachment(string.IsNullOrWhiteSpace(fileName) ? null : fileName, data));
            }
        }

        return attachments;
    }

    private static string? JoinAddress(string? name, string? address) => (name, address) switch
    {
        (null, null) => null,
        ({ } n, null) => n,
        (null, { } a) => a,
        var (n, a) when string.Equals(n, a, StringComparison.OrdinalIgnoreCase) => a,
        var (n, a) => $"{n} <{a}>",
    };

    private static string? String(DirectoryNode dir, int id, Encoding encoding)
    {
        if (Read(dir, $"__substg1.0_{id:X4}001F") is { } unicode)
        {
            return Encoding.Unicode.GetString(unicode).TrimEnd('\0');
        }

        return Read(dir, $"__substg1.0_{id:X4}001E") is { } ansi ? encoding.GetString(ansi).TrimEnd('\0') : null;
    }

    private static byte[]? Binary(DirectoryNode dir, int id) => Read(dir, $"__substg1.0_{id:X4}0102");

    private static byte[]? Read(DirectoryNode dir, string name)
    {
        if (!dir.HasEntry(name) || dir.GetEntry(name) is not DocumentEntry entry)
        {
            return null;
        }

        var length = Math.Min(entry.Size, MaxPropertyBytes);
        var bytes = new byte[length];
        using var stream = new DocumentInputStream(entry);
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The code page and sent (else delivered) time among the fixed-size properties of the top-level message.</summary>
    private static (int? CodePage, DateTimeOffset? Date) ReadFixedProperties(DirectoryNode root)
    {
        // [MS-OXMSG] 2.4.1.1: a 32-byte header for the top-level message, then 16-byte entries (tag, flags, value).
        var bytes = Read(root, "__properties_version1.0");
        int? codePage = null, internetCodePage = null;
        DateTimeOffset? sent = null, delivered = null;
        for (var offset = 32; bytes is not null && offset + 16 <= bytes.Length; offset += 16)
        {
            var tag = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            var value = bytes.AsSpan(offset + 8, 8);
            switch (tag)
            {
                case MessageCodePage:
                    codePage = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case InternetCodePage:
                    internetCodePage = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case ClientSubmitTime:
                    sent = FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value));
                    break;
                case MessageDeliveryTime:
                    delivered = FromFileTime(BinaryPrimitives.ReadInt64LittleEndian(value));
                    break;
            }
        }

        return (codePage ?? internetCodePage, sent ?? delivered);
    }

    private static DateTimeOffset? FromFileTime(long fileTime) =>
        fileTime > 0 && fileTime < DateTimeOffset.MaxValue.ToFileTime() ? DateTimeOffset.FromFileTime(fileTime).ToUniversalTime() : null;

    /// <summary>Japanese Outlook's ANSI code page (932) when the message names none or one the runtime lacks.</summary>
    private static Encoding EncodingFor(int? codePage) =>
        codePage is { } cp ? JapaneseEncodings.ForCodePage(cp) ?? JapaneseEncodings.ShiftJis : JapaneseEncodings.ShiftJis;
    private static string DecodeHtml(byte[] bytes)
    {
        var (encoding, _, preamble) = HtmlCharset.Detect(bytes, isComplete: true);
        return JapaneseEncodings.Decode(encoding, bytes.AsSpan(preamble), isComplete: true);
    }
}

/// <summary>What a mail says, whatever its container.</summary>
internal sealed record MailParts(
    string? Subject, string? From, string? To, string? Cc, DateTimeOffset? Date, string? TextBody, string? HtmlBody, IReadOnlyList<string> Attachments);

/// <summary>One attachment of an Outlook message: its file name and the stream holding its bytes, when it has one.</summary>
internal sealed record MsgAttachment(string? Name, DocumentEntry? Data);
