using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary><c>reindex</c> rebuilds a lost index from the metadata store without extracting again.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ReindexTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-reindex");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task ReindexAll_IndexDirectoryLost_SearchFindsDocumentsAgain()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "出張.txt"), "来週は京都へ行きました。サーバーの保守も担当。");
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        Directory.Delete(Path.Combine(DataDir, "index"), recursive: true);
        File.Delete(Path.Combine(docs, "出張.txt"));
        Assert.DoesNotContain("出張.txt", (await InProcessCli.RunAsync(DataDir, "search", "京都")).Output, StringComparison.Ordinal);

        var pending = await InProcessCli.RunAsync(DataDir, "reindex");
        var all = await InProcessCli.RunAsync(DataDir, "reindex", "--all");

        Assert.Contains("Reindexed 0 document(s)", pending.Output, StringComparison.Ordinal);
        Assert.True(all.ExitCode == ExitCodes.Success, all.Output);
        Assert.Contains("Reindexed 1 document(s)", all.Output, StringComparison.Ordinal);
        Assert.Contains("出張.txt", (await InProcessCli.RunAsync(DataDir, "search", "行く")).Output, StringComparison.Ordinal);
        Assert.Contains("出張.txt", (await InProcessCli.RunAsync(DataDir, "search", "サーバ", "--sort", "Newest")).Output, StringComparison.Ordinal);
        Assert.DoesNotContain("出張.txt", (await InProcessCli.RunAsync(DataDir, "search", "京都", "--path", "/nowhere")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReindexAll_SegmentFilesDeleted_StatusSaysDamaged_RebuiltAndDamagedFolderKeptAside()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(docs, $"見積書_{i}.txt"), $"見積書 第{i}号 金額 mitsumori{i}x");
        }

        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        var index = Path.Combine(DataDir, "index");
        foreach (var file in Directory.EnumerateFiles(index, "*.cfs").Concat(Directory.EnumerateFiles(index, "*.fdt")))
        {
            File.Delete(file);
        }

        var status = await InProcessCli.RunAsync(DataDir, "status");
        Assert.Equal(ExitCodes.Error, status.ExitCode);
        Assert.Contains("damaged", status.Output, StringComparison.Ordinal);
        Assert.Contains("reindex --all", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("object-not-found", status.Output, StringComparison.Ordinal);

        var all = await InProcessCli.RunAsync(DataDir, "reindex", "--all");

        Assert.True(all.ExitCode == ExitCodes.Success, all.Output);
        Assert.Contains("Reindexed 5 document(s)", all.Output, StringComparison.Ordinal);
        Assert.Contains("The index was damaged", all.Output, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateDirectories(DataDir, "index.damaged-*"));
        Assert.Contains("見積書_3.txt", (await InProcessCli.RunAsync(DataDir, "search", "mitsumori3x")).Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "status")).ExitCode);
    }

    [Fact]
    public async Task ReindexAll_IndexDirectoryLost_ImageVectorsRecomputedAndSimilarWorks()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("photos")).FullName;
        var photo = Path.Combine(AppContext.BaseDirectory, "samples", "photo_office.jpg");
        File.Copy(photo, Path.Combine(docs, "photo_office.jpg"));
        using (var gray = NetVips.Image.Black(320, 240) + 200)
        {
            gray.Cast(NetVips.Enums.BandFormat.Uchar).Pngsave(Path.Combine(docs, "plain_gray.png"));
        }

        var query = _temp.Combine("query_copy.jpg");
        using (var original = NetVips.Image.NewFromFile(photo))
        using (var smaller = original.Resize(0.5))
        {
            smaller.Jpegsave(query, q: 40);
        }

        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        Directory.Delete(Path.Combine(DataDir, "index"), recursive: true);

        var all = await InProcessCli.RunAsync(DataDir, "reindex", "--all");
        var similar = await InProcessCli.RunAsync(DataDir, "similar", query);

        Assert.True(all.ExitCode == ExitCodes.Success, all.Output);
        Assert.Contains("Reindexed 2 document(s) (2 image vector(s) recomputed)", all.Output, StringComparison.Ordinal);
        Assert.True(similar.ExitCode == ExitCodes.Success, similar.Output);
        var firstRow = similar.Output.Split('\n').First(l => l.StartsWith("│ 1 ", StringComparison.Ordinal));
        Assert.Contains("photo_office.jpg", firstRow, StringComparison.Ordinal);
        Assert.Contains("plain_gray.png", similar.Output, StringComparison.Ordinal);
    }
}
