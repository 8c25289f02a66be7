using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// <c>duplicates</c> after an ingest: exact copies by content hash, a light edit as a near-duplicate, the copies and the
/// edit as versions of one document (the edit the latest), and only what the caller may read.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DuplicatesTests : IDisposable
{
    private const UnixFileMode Public = (UnixFileMode)0b110_100_100;

    private readonly TempDirectory _temp = new("fs-cli-dups");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    /// <summary>
    /// Real prose as a contract, in <paramref name="nas"/>: the original, a public copy, an edited v2 and a copy only root
    /// may read (0600).
    /// </summary>
    private static void WriteContractSet(string nas)
    {
        var contract = string.Concat(new[] { "01-clean-contract", "03-clean-minutes", "05-clean-report" }
            .Select(n => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prose", n + ".gt.txt"))));
        Write(nas, "原本/契約書.txt", contract, Public);
        Write(nas, "控え/契約書.txt", contract, Public);
        Write(nas, "修正/契約書_v2.txt", contract.Replace("三十五万円", "四十万円", StringComparison.Ordinal), Public);
        Write(nas, "秘密/契約書.txt", contract, (UnixFileMode)0b110_000_000);
    }

    [Fact]
    public async Task Duplicates_CopiesEditAndPrivateCopy_GroupsPerCallerWithWastedBytes()
    {
        var nas = _temp.Combine("nas");
        WriteContractSet(nas);
        var t0 = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        foreach (var (file, days) in new[] { ("原本/契約書.txt", 0), ("控え/契約書.txt", 1), ("秘密/契約書.txt", 2), ("修正/契約書_v2.txt", 3) })
        {
            File.SetLastWriteTimeUtc(Path.Combine(nas, file), t0.AddDays(days));
        }

        Write(nas, "坊っちゃん.txt", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prose", "04-clean-botchan.gt.txt")), Public);
        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", nas);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);

        using var root = await JsonAsync("duplicates", "--json");
        using var other = await JsonAsync("duplicates", "--json", "--as", "nobody");
        using var under = await JsonAsync("duplicates", "--json", "--path", Path.Combine(nas, "原本"));
        using var large = await JsonAsync("duplicates", "--json", "--min-size", "100000");

        var size = new FileInfo(Path.Combine(nas, "原本/契約書.txt")).Length;
        Assert.Equal((5, 0, 2 * size), (Int(root, "examined"), Int(root, "withoutHash"), Int(root, "wastedBytes")));
        var groups = root.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["exact", "near", "family"], groups.Select(g => g.GetProperty("kind").GetString()));
        Assert.Equal(3, groups[0].GetProperty("members").GetArrayLength());
        var near = groups[1].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("path").GetString()!).ToList();
        Assert.Equal(4, near.Count);
        Assert.Contains(near, p => p.EndsWith("修正/契約書_v2.txt", StringComparison.Ordinal));
        Assert.DoesNotContain(near, p => p.Contains("坊っちゃん", StringComparison.Ordinal));
        var family = groups[2].GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(["原本/契約書.txt", "控え/契約書.txt", "秘密/契約書.txt", "修正/契約書_v2.txt"],
            family.Select(m => Path.GetRelativePath(nas, m.GetProperty("path").GetString()!)));
        Assert.Equal(family[3].GetProperty("id").GetString(), groups[2].GetProperty("latestId").GetString());
        Assert.True(family[3].GetProperty("latest").GetBoolean());

        Assert.Equal((4, size), (Int(other, "examined"), Int(other, "wastedBytes")));
        Assert.DoesNotContain("秘密", other.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(3, other.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("kind").GetString() == "family")
            .GetProperty("members").GetArrayLength());
        Assert.Equal((1, 0), (Int(under, "examined"), under.RootElement.GetProperty("groups").GetArrayLength()));
        Assert.Equal(0, Int(large, "examined"));
    }

    [Fact]
    public async Task SearchCollapse_CopiesAndVersion_OneHitWithTheOthersPerCaller()
    {
        var nas = _temp.Combine("nas");
        WriteContractSet(nas);
        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", nas);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);

        using var plain = await JsonAsync("search", "委託料", "--json");
        using var copies = await JsonAsync("search", "委託料", "--json", "--collapse", "duplicates");
        using var versions = await JsonAsync("search", "委託料", "--json", "--collapse", "versions", "--as", "nobody");
        var table = await InProcessCli.RunAsync(DataDir, "search", "委託料", "--collapse", "duplicates");

        Assert.Equal(4, Int(plain, "total"));
        Assert.Equal((1, "duplicates"), (Int(copies, "total"), copies.RootElement.GetProperty("collapse").GetString()));
        var group = copies.RootElement.GetProperty("hits")[0].GetProperty("group");
        Assert.Equal(("copies", 3), (group.GetProperty("kind").GetString(), group.GetProperty("others").GetInt32()));
        Assert.Equal(1, Int(versions, "total"));
        var visible = versions.RootElement.GetProperty("hits")[0];
        Assert.Equal(2, visible.GetProperty("group").GetProperty("others").GetInt32());
        Assert.DoesNotContain("秘密", versions.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("+3 other copies", table.Output, StringComparison.Ordinal);
    }

    private static void Write(string root, string relative, string text, UnixFileMode mode)
    {
        var path = Path.Combine(root, relative);
        for (var dir = Path.GetDirectoryName(path)!; dir.Length >= root.Length; dir = Path.GetDirectoryName(dir)!)
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
    }

    private async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var (exit, output) = await InProcessCli.RunAsync(DataDir, args);
        Assert.True(exit == ExitCodes.Success, output);
        return JsonDocument.Parse(output);
    }

    private static long Int(JsonDocument json, string name) => json.RootElement.GetProperty(name).GetInt64();
}
