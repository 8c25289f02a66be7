using System.Buffers.Binary;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Extraction.Internals;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

/// <summary>LHA archives: detected by their header, indexed by name and member list with the reason their members are not read.</summary>
[Trait("Category", "Unit")]
public sealed class LhaTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-lzh");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("2019_見積.lzh")]
    [InlineData("upload.bin")]
    public async Task DetectAsync_CraftedLh5Header_IsLzhWhateverItsName(string name)
    {
        var path = Write(name);

        var detected = await TestSupport.Detector().DetectAsync(path, name, CancellationToken.None);

        Assert.Equal(FileKind.Lzh, detected.Kind);
        Assert.True(detected.ByContent);
    }

    [Fact]
    public async Task ExtractAsync_LevelZeroAndLevelTwoHeaders_MemberNamesInJapaneseAndTheReason()
    {
        var path = Write("2019_見積.lzh");

        var result = await new LhaTextExtractor().ExtractAsync(path, FileKind.Lzh, CancellationToken.None);

        Assert.Equal("lha-listing", result.Method);
        Assert.Equal("見積/見積書.xls\n表紙/報告書.doc", result.Text);
        Assert.Equal("2", result.Properties!["members"]);
        Assert.Equal("-lh5-,-lh6-", result.Properties["methods"]);
        Assert.Equal(LhaTextExtractor.UnreadReason, result.Unread);
    }

    [Fact]
    public async Task ExecuteAsync_ExtractStage_DegradedWithTheRecordedReason()
    {
        var path = Write("2019_見積.lzh");
        var context = new ProcessingContext(new FileEvent(FileEventKind.Created, "share", "2019_見積.lzh"), _temp.Path, TimeProvider.System)
        {
            LocalPath = path,
        };

        var outcome = await new ExtractTextStage([new LhaTextExtractor()]).ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(StageStatus.Degraded, outcome.Status);
        Assert.Contains("archive-members-not-read", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(LhaTextExtractor.UnreadReason, context.Extraction!.Unread);
    }

    [Fact]
    public void Read_HeaderCutShort_ListsTheMembersBeforeIt()
    {
        var bytes = Archive();
        using var stream = new MemoryStream(bytes[..^20]);

        var members = LhaListing.Read(stream, maxMembers: 100);

        Assert.Equal(["見積/見積書.xls"], members.Select(m => m.Name));
    }

    private string Write(string name)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, Archive());
        return path;
    }

    /// <summary>A level-0 member (Windows path, Shift_JIS), a level-2 member (directory and name headers), the end marker.</summary>
    private static byte[] Archive()
    {
        var sjis = JapaneseEncodings.ShiftJis;
        var stream = new MemoryStream();
        var data = new byte[] { 1, 2, 3, 4, 5 };

        var name0 = sjis.GetBytes("見積\\見積書.xls");
        var level0 = new byte[24 + name0.Length];
        level0[0] = (byte)(level0.Length - 2);
        "-lh5-"u8.CopyTo(level0.AsSpan(2));
        BinaryPrimitives.WriteUInt32LittleEndian(level0.AsSpan(7), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(level0.AsSpan(11), 4096);
        level0[19] = 0x20;
        level0[20] = 0;
        level0[21] = (byte)name0.Length;
        name0.CopyTo(level0.AsSpan(22));
        level0[1] = (byte)level0.Skip(2).Sum(b => b);
        stream.Write(level0);
        stream.Write(data);

        var name2 = sjis.GetBytes("報告書.doc");
        byte[] directory = [.. sjis.GetBytes("表紙"), 0xFF];
        var total = 26 + 3 + name2.Length + 3 + directory.Length;
        var level2 = new byte[total];
        BinaryPrimitives.WriteUInt16LittleEndian(level2, (ushort)total);
        "-lh6-"u8.CopyTo(level2.AsSpan(2));
        BinaryPrimitives.WriteUInt32LittleEndian(level2.AsSpan(7), (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(level2.AsSpan(11), 8192);
        level2[19] = 0x20;
        level2[20] = 2;
        level2[23] = (byte)'W';
        BinaryPrimitives.WriteUInt16LittleEndian(level2.AsSpan(24), (ushort)(3 + name2.Length));
        var at = 26;
        level2[at] = 0x01;
        name2.CopyTo(level2.AsSpan(at + 1));
        at += 3 + name2.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(level2.AsSpan(at - 2), (ushort)(3 + directory.Length));
        level2[at] = 0x02;
        directory.CopyTo(level2.AsSpan(at + 1));
        // the last extended header's next size stays 0
        stream.Write(level2);
        stream.Write(data);
        stream.WriteByte(0);
        return stream.ToArray();
    }
}
