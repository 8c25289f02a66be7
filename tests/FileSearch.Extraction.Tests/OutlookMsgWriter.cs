using System.Buffers.Binary;
using System.Text;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Writes minimal Outlook .msg files ([MS-OXMSG]) with NPOI's OLE2 writer: property streams <c>__substg1.0_*</c>
/// (001F UTF-16LE, 001E 8-bit in the given code page), the fixed-size property stream with the code page and sent
/// time, and attachment storages with their file names. Nothing on Linux writes .msg files, so the tests make them.
/// </summary>
internal static class OutlookMsgWriter
{
    public static void Write(
        string path, string subject, string senderName, string senderAddress, string to, string body, IReadOnlyList<string> attachments,
        bool ansi = false, IReadOnlyList<byte[]>? attachmentData = null)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var shiftJis = Encoding.GetEncoding(932);
        var fs = new POIFSFileSystem();
        void Text(DirectoryEntry dir, int id, string value)
        {
            var (type, bytes) = ansi ? ("001E", shiftJis.GetBytes(value + "\0")) : ("001F", Encoding.Unicode.GetBytes(value + "\0"));
            dir.CreateDocument($"__substg1.0_{id:X4}{type}", new MemoryStream(bytes));
        }

        var root = fs.Root;
        Text(root, 0x0037, subject);
        Text(root, 0x0C1A, senderName);
        Text(root, 0x5D01, senderAddress);
        Text(root, 0x0E04, to);
        Text(root, 0x1000, body);
        root.CreateDocument("__properties_version1.0", new MemoryStream(FixedProperties()));
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = root.CreateDirectory($"__attach_version1.0_#{i:X8}");
            Text(attachment, 0x3707, attachments[i]);
            attachment.CreateDocument("__properties_version1.0", new MemoryStream(new byte[8]));
            if (attachmentData is not null && i < attachmentData.Count)
            {
                attachment.CreateDocument("__substg1.0_37010102", new MemoryStream(attachmentData[i]));
            }
        }

        using var file = File.Create(path);
        fs.WriteFileSystem(file);
    }

    /// <summary>The top-level header (32 bytes), then PR_MESSAGE_CODEPAGE = 932 and PR_CLIENT_SUBMIT_TIME = 2025-01-14 01:00 UTC.</summary>
    private static byte[] FixedProperties()
    {
        var bytes = new byte[32 + 32];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), 0x3FFD0003);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(40), 932);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(48), 0x00390040);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(56), new DateTimeOffset(2025, 1, 14, 1, 0, 0, TimeSpan.Zero).ToFileTime());
        return bytes;
    }

    /// <summary>An OLE2 file with the given root streams (each a few bytes), to test detection by stream names.</summary>
    public static void WriteCompoundFile(string path, params string[] streams)
    {
        var fs = new POIFSFileSystem();
        foreach (var name in streams)
        {
            fs.Root.CreateDocument(name, new MemoryStream(new byte[64]));
        }

        using var file = File.Create(path);
        fs.WriteFileSystem(file);
    }
}
