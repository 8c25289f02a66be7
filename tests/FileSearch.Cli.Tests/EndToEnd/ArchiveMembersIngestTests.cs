using System.Text;
using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Server.Api;
using FileSearch.Testing;
using FileSearch.Testing.Data;
using MimeKit;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// Archive members and mail attachments through the real embedded pipeline (SharpCompress, MimeKit, libvips, the image
/// embedder, MeCab + Lucene, SQLite): each is found by its own words, its hit names the chain and links the file holding
/// it, it survives an index rebuilt from the metadata store, and it goes with its file (entry, record and thumbnails).
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ArchiveMembersIngestTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-archives");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Ingest_ZipWithShiftJisNamesNestedZipAndMailAttachment_MembersFoundWithTheirParentAndRemovedWithIt()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var zipPath = Path.Combine(docs, "2019_見積.zip");
        var inner = Zip(Encoding.UTF8, ("旧見積.txt", "旧見積 ルーター交換作業の費用"));
        await File.WriteAllBytesAsync(zipPath, Zip(ShiftJis, ("見積/見積書.txt", "御見積書\nネットワーク更改工事 合計金額 1,280,000円"), ("旧版.zip", inner),
            ("写真/現場.jpg", await File.ReadAllBytesAsync(ContainerFiles.Photograph))));
        await WriteMailAsync(Path.Combine(docs, "発注連絡.eml"));

        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);

        var zipId = (await SearchAsync("", 100)).Hits.Single(h => h.Name == "2019_見積.zip").Id;
        var quote = Assert.Single((await SearchAsync("ネットワーク更改", 10)).Hits);
        Assert.Equal("2019_見積.zip › 見積/見積書.txt", quote.Name);
        Assert.Equal(zipPath, quote.Path);
        Assert.Equal(zipId, quote.ParentId);
        Assert.Equal("見積/見積書.txt", quote.MemberPath);
        Assert.Equal("2019_見積.zip › 旧版.zip › 旧見積.txt", Assert.Single((await SearchAsync("ルーター交換", 10)).Hits).Name);
        var attachment = Assert.Single((await SearchAsync("サーバー保守", 10)).Hits);
        Assert.Equal("発注連絡.eml › 発注書.txt", attachment.Name);
        Assert.Contains((await SearchAsync("見積書", 10)).Hits, h => h.Name == "2019_見積.zip › 見積/見積書.txt");
        Assert.Equal(7, (await SearchAsync("", 100)).Total); // 2 files, 4 members (one a nested zip, one a photograph), 1 attachment
        Assert.Contains("4 indexed as documents of their own", (await InProcessCli.RunAsync(DataDir, "show", zipPath)).Output, StringComparison.Ordinal);
        // The photograph's own thumbnails, 256 and 1024 pixels, under its member id.
        var photo = Assert.Single((await SearchAsync("", 100)).Hits, h => h.MemberPath == "写真/現場.jpg");
        Assert.Equal(["1024.webp", "256.webp"],
            Directory.GetFiles(Path.Combine(ThumbnailFolder, photo.Id)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The other stored thumbnails are the mail's card; text members have none (their card is drawn on request).
        var mailId = (await SearchAsync("", 100)).Hits.Single(h => h.Name == "発注連絡.eml").Id;
        Assert.Equal(new[] { mailId, photo.Id }.Order(StringComparer.Ordinal), Thumbnails().Select(f => Path.GetFileName(Path.GetDirectoryName(f))!).Distinct().Order(StringComparer.Ordinal),
            StringComparer.Ordinal);

        var again = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.Contains("0 new or changed", again.Output, StringComparison.Ordinal);
        Assert.Equal(7, (await SearchAsync("", 100)).Total);

        // A damaged index is rebuilt from the metadata store: the members come back from their own records.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(DataDir, "index"), "*.cfs").Concat(Directory.EnumerateFiles(Path.Combine(DataDir, "index"), "*.fdt")))
        {
            File.Delete(file);
        }

        var rebuilt = await InProcessCli.RunAsync(DataDir, "reindex", "--all");
        Assert.True(rebuilt.ExitCode == ExitCodes.Success, rebuilt.Output);
        Assert.Contains("Reindexed 7 document(s)", rebuilt.Output, StringComparison.Ordinal);
        Assert.Equal(7, (await SearchAsync("", 100)).Total);
        var quoteAgain = Assert.Single((await SearchAsync("ネットワーク更改", 10)).Hits);
        Assert.Equal((zipId, "見積/見積書.txt", "2019_見積.zip › 見積/見積書.txt"), (quoteAgain.ParentId, quoteAgain.MemberPath, quoteAgain.Name));

        File.Delete(zipPath);
        var removed = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.Contains("1 removed", removed.Output, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync("ネットワーク更改", 10)).Hits);
        Assert.Empty((await SearchAsync("ルーター交換", 10)).Hits);
        Assert.Equal(2, (await SearchAsync("", 100)).Total);
        Assert.All(Thumbnails(), f => Assert.Equal(mailId, Path.GetFileName(Path.GetDirectoryName(f)))); // the photograph's are gone
        // No member record is left: the mail and its attachment are the indexed records, the archive a tombstone.
        var status = await InProcessCli.RunAsync(DataDir, "status", "--json");
        var documents = JsonSerializer.Deserialize<StatusResponse>(status.Output[status.Output.IndexOf('{', StringComparison.Ordinal)..], ApiJson.Options)!.Documents;
        Assert.Equal((2L, 1L), (documents["indexed"], documents["deleted"]));
    }

    private string ThumbnailFolder => Path.Combine(DataDir, "objects", "filesearch-thumbnails", "thumbnails");

    /// <summary>The stored thumbnail files, under a folder per document that has a picture of its own.</summary>
    private string[] Thumbnails() => Directory.Exists(ThumbnailFolder) ? Directory.GetFiles(ThumbnailFolder, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task Ingest_ArchiveChanged_OldMembersGoneNewMembersFound()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var zipPath = Path.Combine(docs, "議事録.zip");
        await File.WriteAllBytesAsync(zipPath, Zip(ShiftJis, ("第1回.txt", "第一回 予算審議"), ("第2回.txt", "第二回 人員計画")));
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);

        await File.WriteAllBytesAsync(zipPath, Zip(ShiftJis, ("第1回.txt", "第一回 予算審議"), ("第3回.txt", "第三回 設備投資")));
        File.SetLastWriteTimeUtc(zipPath, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);

        Assert.Empty((await SearchAsync("人員計画", 10)).Hits);
        Assert.Equal("議事録.zip › 第3回.txt", Assert.Single((await SearchAsync("設備投資", 10)).Hits).Name);
        Assert.Equal(3, (await SearchAsync("", 100)).Total);
    }

    [Fact]
    public async Task Ingest_NestedArchiveChanged_MemberOnlyInTheOlderInnerArchiveGoneWithItsRecord()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var zipPath = Path.Combine(docs, "2019_見積.zip");
        var olderInner = Zip(Encoding.UTF8, ("見積書.txt", "見積書 サーバー更新"), ("旧見積.txt", "旧見積 複合機リース"));
        await File.WriteAllBytesAsync(zipPath, Zip(ShiftJis, ("見積/内訳.zip", olderInner), ("送付状.txt", "送付状 見積のご送付")));
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        var gone = Assert.Single((await SearchAsync("複合機リース", 10)).Hits);
        Assert.Equal("2019_見積.zip › 見積/内訳.zip › 旧見積.txt", gone.Name);

        var newerInner = Zip(Encoding.UTF8, ("見積書.txt", "見積書 サーバー更新 改訂版"));
        await File.WriteAllBytesAsync(zipPath, Zip(ShiftJis, ("見積/内訳.zip", newerInner), ("送付状.txt", "送付状 見積のご送付")));
        File.SetLastWriteTimeUtc(zipPath, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);

        Assert.Empty((await SearchAsync("複合機リース", 10)).Hits);
        Assert.Equal("2019_見積.zip › 見積/内訳.zip › 見積書.txt", Assert.Single((await SearchAsync("改訂版", 10)).Hits).Name);
        Assert.Equal(4, (await SearchAsync("", 100)).Total); // the file, the inner zip, its one member, the letter
        var (exit, shown) = await InProcessCli.RunAsync(DataDir, "show", gone.Id);
        Assert.Equal(ExitCodes.NotFound, exit); // no record is left behind for the member that is gone
        Assert.DoesNotContain("複合機リース", shown, StringComparison.Ordinal);
    }

    private static Encoding ShiftJis => ContainerFiles.ShiftJis;

    private static byte[] Zip(Encoding names, params (string Name, object Content)[] members) => ContainerFiles.Zip(names, members);

    private static async Task WriteMailAsync(string path)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("購買部 田中", "tanaka@example.co.jp"));
        message.To.Add(new MailboxAddress("総務部", "soumu@example.co.jp"));
        message.Subject = "発注のご連絡";
        var body = new BodyBuilder { TextBody = "添付の書類をご確認ください。" };
        body.Attachments.Add("発注書.txt", Encoding.UTF8.GetBytes("発注書\nサーバー保守契約 年額 360,000円"), new ContentType("text", "plain") { Charset = "utf-8" });
        message.Body = body.ToMessageBody();
        await message.WriteToAsync(path);
    }

    private async Task<SearchResponse> SearchAsync(string text, int limit)
    {
        var (exit, output) = await InProcessCli.RunAsync(DataDir, "search", text, "--json", "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == ExitCodes.Success, output);
        return JsonSerializer.Deserialize<SearchResponse>(output[output.IndexOf('{', StringComparison.Ordinal)..], ApiJson.Options)!;
    }
}
