using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Integration")]
public sealed class ArchiveContainerReaderTests : IDisposable
{
    private const string Quote = "見積書\n件名: 社内ネットワーク更改\n合計金額: 1,280,000円";

    private readonly TempDirectory _temp = new("fs-archive");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_ShiftJisZip_NamesDecodedAsShiftJis()
    {
        var zip = ArchiveSamples.Zip(ArchiveSamples.ShiftJis, ("見積/見積書.txt", ArchiveSamples.Utf8(Quote)), ("請求書.txt", ArchiveSamples.Utf8("請求書")));

        var (summary, members) = await ReadAsync(zip, "2019_見積.zip");

        Assert.Equal(["見積/見積書.txt", "請求書.txt"], members.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Quote, members["見積/見積書.txt"]);
        Assert.Equal("shift_jis", summary.NameEncoding);
        Assert.Empty(summary.Skipped);
    }

    [Fact]
    public async Task ReadAsync_Utf8Zip_NamesDecodedAsUtf8()
    {
        var zip = ArchiveSamples.Zip(Encoding.UTF8, ("見積/見積書.txt", ArchiveSamples.Utf8(Quote)));

        var (summary, members) = await ReadAsync(zip, "2019_見積.zip");

        Assert.Equal(Quote, Assert.Single(members, m => m.Key == "見積/見積書.txt").Value);
        Assert.Equal("utf-8", summary.NameEncoding);
    }

    [Fact]
    public async Task ReadAsync_TarGz_MembersOfTheTar()
    {
        var tgz = ArchiveSamples.GZip(ArchiveSamples.Tar(("報告/議事録.txt", ArchiveSamples.Utf8("議事録 第三回定例会議")), ("見積書.txt", ArchiveSamples.Utf8(Quote))));

        var (_, members) = await ReadAsync(tgz, "資料.tar.gz");

        Assert.Equal("議事録 第三回定例会議", members["報告/議事録.txt"]);
        Assert.Equal(Quote, members["見積書.txt"]);
    }

    [Fact]
    public async Task ReadAsync_SevenZip_Members()
    {
        var archive = ArchiveSamples.SevenZip(("見積/見積書.txt", ArchiveSamples.Utf8(Quote)), ("メモ.txt", ArchiveSamples.Utf8("打ち合わせメモ")));

        var (_, members) = await ReadAsync(archive, "資料.7z");

        Assert.Equal(Quote, members["見積/見積書.txt"]);
        Assert.Equal("打ち合わせメモ", members["メモ.txt"]);
    }

    [Fact]
    public async Task ReadAsync_UnsafeNames_IgnoredAndReported()
    {
        var zip = ArchiveSamples.Zip(Encoding.UTF8,
            ("../../etc/cron.d/evil.txt", ArchiveSamples.Utf8("悪意")),
            ("/etc/passwd", ArchiveSamples.Utf8("root")),
            ("C:/Windows/win.ini", ArchiveSamples.Utf8("ini")),
            ("正常/見積書.txt", ArchiveSamples.Utf8(Quote)));

        var (summary, members) = await ReadAsync(zip, "traversal.zip");

        Assert.Equal(["正常/見積書.txt"], members.Keys);
        Assert.Equal(3, summary.Skipped.Count(s => s.Code == "unsafe-path"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("work")));
        Assert.False(File.Exists(_temp.Combine("etc/passwd")));
    }

    [Fact]
    public async Task ReadAsync_ZipBombMember_LeftOutWithRatioReasonRestRead()
    {
        // 64 MiB of zeros deflate to about 64 KiB: a ratio near 1000, past the default limit of 200.
        var zip = ArchiveSamples.Zip(Encoding.UTF8, ("見積書.txt", ArchiveSamples.Utf8(Quote)), ("bomb.bin", new byte[64 * 1024 * 1024]));

        var (summary, members) = await ReadAsync(zip, "bomb.zip");

        Assert.Equal(Quote, members["見積書.txt"]);
        var skipped = Assert.Single(summary.Skipped);
        Assert.Equal(("bomb.bin", "compression-ratio"), (skipped.Path, skipped.Code));
    }

    [Fact]
    public async Task ReadAsync_MemberOverSizeLimit_LeftOutRestRead()
    {
        var zip = ArchiveSamples.Zip(Encoding.UTF8, ("大きい.bin", TestSupport.RandomBytes(200_000)), ("見積書.txt", ArchiveSamples.Utf8(Quote)));

        var (summary, members) = await ReadAsync(zip, "big.zip", o => o.MaxMemberBytes = 100_000);

        Assert.Equal(["見積書.txt"], members.Keys);
        Assert.Equal("member-too-large", Assert.Single(summary.Skipped).Code);
    }

    [Fact]
    public async Task ReadAsync_MoreMembersThanLimit_StopsWithReason()
    {
        var zip = ArchiveSamples.Zip(Encoding.UTF8, [.. Enumerable.Range(1, 10).Select(i => ($"資料{i:D2}.txt", ArchiveSamples.Utf8($"資料 {i}")))]);

        var (summary, members) = await ReadAsync(zip, "many.zip", o => o.MaxArchiveMembers = 4);

        Assert.Equal(4, members.Count);
        Assert.Equal("too-many-members", Assert.Single(summary.Skipped).Code);
    }

    [Fact]
    public async Task ReadAsync_SharedBudgetSpent_StopsWithExpandedSize()
    {
        var zip = ArchiveSamples.Zip(Encoding.UTF8, ("a.bin", TestSupport.RandomBytes(60_000, 1)), ("b.bin", TestSupport.RandomBytes(60_000, 2)), ("c.txt", ArchiveSamples.Utf8("c")));

        var (summary, members) = await ReadAsync(zip, "budget.zip", budget: new ContainerBudget(100, 100_000));

        Assert.Equal(["a.bin"], members.Keys);
        Assert.Equal("expanded-size", Assert.Single(summary.Skipped).Code);
    }

    [Fact]
    public async Task ReadAsync_NotAnArchive_PermanentCorruptArchive()
    {
        var bytes = ArchiveSamples.Zip(Encoding.UTF8, ("a.txt", ArchiveSamples.Utf8("あ")));
        var path = _temp.Combine("broken.zip");
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        Directory.CreateDirectory(_temp.Combine("work"));

        await TestSupport.AssertPermanentAsync("corrupt-archive", () => CreateSut().ReadAsync(
            path, FileKind.Zip, _temp.Combine("work"), new ContainerBudget(100, 1 << 30), (_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_EncryptedZip_MembersReportedEncrypted()
    {
        var path = _temp.Combine("secret.zip");
        await File.WriteAllTextAsync(_temp.Combine("秘密.txt"), "社外秘");
        var zip = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("zip", ["-q", "-P", "pass", path, "秘密.txt"])
        {
            WorkingDirectory = _temp.Path,
        })!;
        await zip.WaitForExitAsync();
        Assert.Equal(0, zip.ExitCode);

        var (summary, members) = await ReadFileAsync(path, FileKind.Zip);

        Assert.Empty(members);
        Assert.Equal("encrypted", Assert.Single(summary.Skipped).Code);
    }

    [Fact]
    public async Task ReadAsync_GzipOfOneFile_MemberNamedFromHeader()
    {
        // gzip -N keeps the original name in the header (RFC 1952 FNAME).
        await File.WriteAllTextAsync(_temp.Combine("議事録.txt"), "議事録 第三回定例会議");
        var gzip = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("gzip", ["-N", "-k", _temp.Combine("議事録.txt")]))!;
        await gzip.WaitForExitAsync();

        var (_, members) = await ReadAsync(await File.ReadAllBytesAsync(_temp.Combine("議事録.txt.gz")), "議事録.txt.gz");

        Assert.Equal("議事録 第三回定例会議", Assert.Single(members, m => m.Key == "議事録.txt").Value);
    }

    [Theory]
    [InlineData("7z", FileKind.SevenZip)]
    [InlineData("tar", FileKind.Tar)]
    [InlineData("tgz", FileKind.GZip)]
    [InlineData("lzh", FileKind.Lzh)]
    public async Task DetectAsync_ArchiveContentUnderAnotherName_DetectedByContent(string format, FileKind expected)
    {
        var member = ("見積書.txt", ArchiveSamples.Utf8(Quote));
        byte[] bytes = format switch
        {
            "7z" => ArchiveSamples.SevenZip(member),
            "tar" => ArchiveSamples.Tar(member),
            "tgz" => ArchiveSamples.GZip(ArchiveSamples.Tar(member)),
            // An LHA level-0 header: size, checksum, method "-lh5-" (nothing reads the rest).
            _ => [0x22, 0x00, .. "-lh5-"u8, .. new byte[64]],
        };
        var path = _temp.Combine("upload.bin");
        await File.WriteAllBytesAsync(path, bytes);

        var detected = await TestSupport.Detector().DetectAsync(path, "upload.bin", CancellationToken.None);

        Assert.Equal((expected, true), (detected.Kind, detected.ByContent));
    }

    [Fact]
    public async Task ExtractAsync_ShiftJisZipMember_ItsExactBytesOnlyAndNothingLeftInTheWorkFolder()
    {
        var photo = await File.ReadAllBytesAsync(ContainerFiles.Photograph);
        var zip = ArchiveSamples.Zip(ArchiveSamples.ShiftJis,
            ("見積/見積書.txt", ArchiveSamples.Utf8(Quote)), ("写真/現場.jpg", photo), ("後/メモ.txt", ArchiveSamples.Utf8("打ち合わせメモ")));
        var path = _temp.Combine("2019_見積.zip");
        await File.WriteAllBytesAsync(path, zip);
        var work = Directory.CreateDirectory(_temp.Combine("extract-work")).FullName;
        IContainerReader reader = CreateSut();

        var found = await reader.ExtractAsync(path, FileKind.Zip, "写真/現場.jpg", _temp.Combine("現場.jpg"), work, new ContainerBudget(100, 1L << 30), CancellationToken.None);
        var missing = await reader.ExtractAsync(path, FileKind.Zip, "写真/ない.jpg", _temp.Combine("ない.jpg"), work, new ContainerBudget(100, 1L << 30), CancellationToken.None);

        Assert.True(found);
        Assert.Equal(photo, await File.ReadAllBytesAsync(_temp.Combine("現場.jpg")));
        Assert.False(missing);
        Assert.False(File.Exists(_temp.Combine("ない.jpg")));
        Assert.Empty(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories));

        // The same guards as reading: a member past Extraction:MaxMemberBytes is not written.
        IContainerReader guarded = CreateSut(o => o.MaxMemberBytes = 1_000);
        Assert.False(await guarded.ExtractAsync(path, FileKind.Zip, "写真/現場.jpg", _temp.Combine("大きい.jpg"), work, new ContainerBudget(100, 1L << 30), CancellationToken.None));
        Assert.False(File.Exists(_temp.Combine("大きい.jpg")));
    }

    private static ArchiveContainerReader CreateSut(Action<ExtractionOptions>? configure = null) =>
        new(TestSupport.Options(configure), NullLogger<ArchiveContainerReader>.Instance);

    private async Task<(ContainerSummary Summary, Dictionary<string, string> Members)> ReadAsync(
        byte[] archive, string name, Action<ExtractionOptions>? configure = null, ContainerBudget? budget = null)
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + Path.GetExtension(name));
        await File.WriteAllBytesAsync(path, archive);
        var kind = (await TestSupport.Detector().DetectAsync(path, name, CancellationToken.None)).Kind;
        return await ReadFileAsync(path, kind, configure, budget);
    }

    private async Task<(ContainerSummary Summary, Dictionary<string, string> Members)> ReadFileAsync(
        string path, FileKind kind, Action<ExtractionOptions>? configure = null, ContainerBudget? budget = null)
    {
        var work = _temp.Combine("work");
        Directory.CreateDirectory(work);
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        var summary = await CreateSut(configure).ReadAsync(path, kind, work, budget ?? new ContainerBudget(10_000, 1L << 30), async (file, ct) =>
        {
            Assert.StartsWith(work, file.LocalPath, StringComparison.Ordinal);
            members[file.Path] = await File.ReadAllTextAsync(file.LocalPath, ct);
        }, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(work));
        return (summary, members);
    }
}
