using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Integration")]
public sealed class MailAttachmentReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-mail-attach");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_EmlWithIso2022JpNamedAttachments_NamesDecodedBytesExact()
    {
        // As Japanese mailers send it: the name as an RFC 2047 ISO-2022-JP encoded word, the body base64.
        var quote = Encoding.UTF8.GetBytes("見積書\n御見積金額 1,280,000円");
        var path = _temp.Combine("見積送付.eml");
        await File.WriteAllTextAsync(path, $"""
            From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.co.jp>
            To: soumu@example.co.jp
            Subject: =?ISO-2022-JP?B?GyRCOCtAUT1xJE4kNEF3SVUbKEI=?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=ISO-2022-JP

            test
            --b1
            Content-Type: text/plain; name="=?ISO-2022-JP?B?GyRCOCtAUT1xGyhC?=.txt"
            Content-Disposition: attachment; filename="=?ISO-2022-JP?B?GyRCOCtAUT1xGyhC?=.txt"
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(quote)}
            --b1
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="=?ISO-2022-JP?B?GyRCOCtAUT1xGyhC?=.txt"
            Content-Transfer-Encoding: base64

            {Convert.ToBase64String(Encoding.UTF8.GetBytes("二通目"))}
            --b1--
            """.Replace("\n", "\r\n", StringComparison.Ordinal));

        var (summary, members) = await ReadAsync(path, FileKind.Eml);

        Assert.Equal(["見積書.txt", "見積書 (2).txt"], members.Keys);
        Assert.Equal(quote, members["見積書.txt"]);
        Assert.Equal(2, summary.Members);
        Assert.Empty(summary.Skipped);
    }

    [Fact]
    public async Task ReadAsync_OutlookMsgWithAttachmentData_AttachmentsHandedOut()
    {
        var path = _temp.Combine("経費精算.msg");
        var receipt = Encoding.UTF8.GetBytes("領収書 交通費 3,240円");
        OutlookMsgWriter.Write(path, "経費精算のお願い", "佐藤花子", "sato@example.co.jp", "経理部", "提出します。", ["領収書.txt", "../明細.txt"],
            attachmentData: [receipt, Encoding.UTF8.GetBytes("明細")]);

        var (summary, members) = await ReadAsync(path, FileKind.Msg);

        Assert.Equal(receipt, members["領収書.txt"]);
        Assert.Equal(Encoding.UTF8.GetBytes("明細"), members[".._明細.txt"]);
        Assert.Empty(summary.Skipped);
    }

    [Fact]
    public async Task ReadAsync_MsgAttachmentWithoutData_ReportedUnreadable()
    {
        var path = _temp.Combine("転送.msg");
        OutlookMsgWriter.Write(path, "転送", "佐藤花子", "sato@example.co.jp", "経理部", "本文", ["元のメール"]);

        var (summary, members) = await ReadAsync(path, FileKind.Msg);

        Assert.Empty(members);
        Assert.Equal(("元のメール", "unreadable"), (Assert.Single(summary.Skipped).Path, summary.Skipped[0].Code));
    }

    [Fact]
    public async Task ReadAsync_AttachmentOverSizeLimit_LeftOut()
    {
        var path = _temp.Combine("大容量.msg");
        OutlookMsgWriter.Write(path, "大容量", "佐藤花子", "sato@example.co.jp", "経理部", "本文", ["大きい.bin", "小さい.txt"],
            attachmentData: [TestSupport.RandomBytes(50_000), Encoding.UTF8.GetBytes("小")]);

        var (summary, members) = await ReadAsync(path, FileKind.Msg, o => o.MaxMemberBytes = 10_000);

        Assert.Equal(["小さい.txt"], members.Keys);
        Assert.Equal(("大きい.bin", "member-too-large"), (Assert.Single(summary.Skipped).Path, summary.Skipped[0].Code));
    }

    [Fact]
    public async Task ExtractAsync_EmlAttachmentWithJapaneseName_ItsExactBytes()
    {
        var attachment = Encoding.UTF8.GetBytes("発注書\nサーバー保守契約 年額 360,000円");
        var path = _temp.Combine("発注連絡.eml");
        await File.WriteAllBytesAsync(path, ContainerFiles.Mail("発注のご連絡", "添付をご確認ください。", "発注書.txt", attachment));
        IContainerReader reader = new MailAttachmentReader(TestSupport.Options(null), NullLogger<MailAttachmentReader>.Instance);
        var work = Directory.CreateDirectory(_temp.Combine("extract-work")).FullName;

        var found = await reader.ExtractAsync(path, FileKind.Eml, "発注書.txt", _temp.Combine("out.txt"), work, new ContainerBudget(100, 1L << 30), CancellationToken.None);

        Assert.True(found);
        Assert.Equal(attachment, await File.ReadAllBytesAsync(_temp.Combine("out.txt")));
        Assert.Empty(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories));
    }

    private async Task<(ContainerSummary Summary, Dictionary<string, byte[]> Members)> ReadAsync(
        string path, FileKind kind, Action<ExtractionOptions>? configure = null)
    {
        var work = _temp.Combine("work");
        Directory.CreateDirectory(work);
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var sut = new MailAttachmentReader(TestSupport.Options(configure), NullLogger<MailAttachmentReader>.Instance);
        var summary = await sut.ReadAsync(path, kind, work, new ContainerBudget(100, 1L << 30),
            async (file, ct) => members[file.Path] = await File.ReadAllBytesAsync(file.LocalPath, ct), CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(work));
        return (summary, members);
    }
}
