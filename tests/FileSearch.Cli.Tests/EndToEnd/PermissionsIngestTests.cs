using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Core.Security;
using FileSearch.Embedded;
using FileSearch.Testing;
using Microsoft.Extensions.Options;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>ingest reads who may read each file, picks up a permission change alone, and keeps its data directory private.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PermissionsIngestTests : IDisposable
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly TempDirectory _temp = new("fs-cli-perms");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Ingest_ChmodOtherReadRemoved_NextRunUpdatesPermissionsOnly()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        File.SetUnixFileMode(docs, (UnixFileMode)0b111_101_101);
        var file = Path.Combine(docs, "見積書.txt");
        await File.WriteAllTextAsync(file, "見積書の送付について");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        var before = await RecordAsync(file);

        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_000);
        var again = await InProcessCli.RunAsync(DataDir, "ingest", docs);

        Assert.True(again.ExitCode == ExitCodes.Success, again.Output);
        Assert.Contains("1 new or changed (1 with new permissions only), 0 removed, 0 unchanged", again.Output, StringComparison.Ordinal);
        var after = await RecordAsync(file);
        Assert.Contains(Principal.Everyone, before.Permissions!.AllowedPrincipals);
        Assert.DoesNotContain(Principal.Everyone, after.Permissions!.AllowedPrincipals);
        Assert.Contains("user:root", after.Permissions.AllowedPrincipals);
        Assert.Equal((DocumentStatus.Indexed, before.Text, before.CreatedAt), (after.Status, after.Text, after.CreatedAt));
        Assert.Contains("0 new or changed, 0 removed, 1 unchanged", (await InProcessCli.RunAsync(DataDir, "ingest", docs)).Output, StringComparison.Ordinal);
        Assert.Contains("見積書.txt", (await InProcessCli.RunAsync(DataDir, "search", "見積書")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_AnyUmask_NothingInDataDirectoryOpenToOthers()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "a.txt"), "議事録");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "samples", "スキャン_請求書.png"), Path.Combine(docs, "scan.png"));
        _ = Umask(0); // what a careless caller may run with: the host must not depend on it

        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", docs);

        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        var open = Directory.EnumerateFileSystemEntries(DataDir, "*", SearchOption.AllDirectories).Append(DataDir)
            .Where(p => (File.GetUnixFileMode(p) & GroupOrOther) != 0)
            .Select(p => $"{p} {File.GetUnixFileMode(p)}")
            .ToList();
        Assert.True(open.Count == 0, string.Join(Environment.NewLine, open));
        Assert.Contains(Directory.EnumerateFiles(DataDir, "*", SearchOption.AllDirectories), p => p.EndsWith("metadata.db", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_WorldReadableDataDirectory_RefusedWithOneLine()
    {
        Directory.CreateDirectory(DataDir);
        File.SetUnixFileMode(DataDir, (UnixFileMode)0b111_101_101);
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;

        var (exitCode, output) = await InProcessCli.RunAsync(DataDir, "ingest", docs);

        Assert.Equal(ExitCodes.Usage, exitCode);
        // One error line (the captured console wraps it at its width).
        var line = string.Join(' ', output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: data directory", line, StringComparison.Ordinal);
        Assert.Contains($"data directory {DataDir} is accessible by its group or other accounts (mode 0755)", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(DataDir, "metadata.db")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);

    private async Task<DocumentRecord> RecordAsync(string path)
    {
        using var store = new SqliteMetadataStore(Options.Create(new EmbeddedStorageOptions { DataDirectory = DataDir }));
        return await store.FindByPathAsync(path, CancellationToken.None) ?? throw new InvalidOperationException($"no record for {path}");
    }
}
