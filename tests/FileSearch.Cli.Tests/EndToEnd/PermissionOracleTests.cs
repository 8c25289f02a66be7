using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Core.Security;
using FileSearch.Embedded.Audit;
using FileSearch.Server.Api;
using FileSearch.Testing;
using FileSearch.Testing.Permissions;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// The operating system is the oracle: a tree with varied owners, modes, POSIX ACLs and folders some users cannot
/// traverse is ingested as root; for each real user, the documents <c>search "" --as USER</c> returns are exactly the files
/// that user can open (<c>runuser -u USER -- test -r FILE</c>).
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PermissionOracleTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-oracle");
    private readonly OsAccounts _accounts = new();

    public void Dispose()
    {
        _accounts.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task SearchAs_EveryUser_ReturnsExactlyTheFilesTheUserCanOpen()
    {
        Assert.True(OsAccounts.Available, "the permission tests run as root (useradd, runuser)");
        var sales = _accounts.Group("sales");
        var alice = _accounts.User("alice", sales);
        var bob = _accounts.User("bob");
        var carol = _accounts.User("carol", sales);
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        OsAccounts.Run("chmod", "755", _temp.Path, docs);
        var files = new List<string>
        {
            await FileAsync(docs, "公開.txt", "644"),
            await FileAsync(docs, "本人のみ.txt", "600"),
            await FileAsync(docs, "営業部.txt", "640", group: sales),
            await FileAsync(docs, "bobにACL.txt", "600", acl: $"u:{bob}:r"),
            await FileAsync(docs, "carol拒否.txt", "644", acl: $"u:{carol}:-"),
            await FileAsync(docs, "営業マスク.txt", "640", group: sales, acl: $"u:{bob}:r,m::-"),
        };
        var secret = Folder(docs, "役員", "700");
        files.Add(await FileAsync(secret, "中身.txt", "644"));
        var shared = Folder(docs, "営業共有", "750", group: sales);
        files.Add(await FileAsync(shared, "議事録.txt", "644"));

        var data = _temp.Combine("data");
        var ingest = await InProcessCli.RunAsync(data, "ingest", docs);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);

        foreach (var user in new[] { alice, bob, carol })
        {
            var expected = files.Where(f => OsAccessOracle.CanRead(user, f)).Order(StringComparer.Ordinal).ToList();
            var (exit, output) = await InProcessCli.RunAsync(data, "search", "", "--as", user, "--json", "--limit", "1000");
            Assert.True(exit == ExitCodes.Success, output);
            var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
            var found = JsonSerializer.Deserialize<SearchResponse>(json, ApiJson.Options)!.Hits.Select(h => h.Path).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(found), $"{user}: the OS lets them read [{string.Join(", ", expected)}], search returned [{string.Join(", ", found)}]");
        }

        var denied = await InProcessCli.RunAsync(data, "access", files[4], "--user", carol);
        var allowed = await InProcessCli.RunAsync(data, "access", files[3], "--user", bob);
        Assert.Equal(ExitCodes.Error, denied.ExitCode);
        Assert.Contains($"denied to user:{carol} by acl", denied.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, allowed.ExitCode);
        Assert.Contains($"allowed to user:{bob} by acl", allowed.Output, StringComparison.Ordinal);

        var all = await InProcessCli.RunAsync(data, "search", "", "--json", "--limit", "1000");
        Assert.Equal(files.Count, JsonSerializer.Deserialize<SearchResponse>(all.Output[all.Output.IndexOf('{', StringComparison.Ordinal)..], ApiJson.Options)!.Total);

        // Root read as others, explained decisions and searched everything: each is in the audit trail, as root.
        var audit = await JsonLinesAuditSink.ReadAsync(Path.Combine(data, "audit"), TimeProvider.System.GetUtcNow().AddHours(-1), CancellationToken.None).ToListAsync();

        Assert.Equal([alice, bob, carol], audit.Where(r => r is { User: "root", Action: AuditAction.ReadAs }).Select(r => r.Target));
        Assert.Equal(2, audit.Count(r => r is { User: "root", Action: AuditAction.ExplainAccess }));
        Assert.Contains(audit, r => r is { User: "root", Admin: true, Action: AuditAction.Search, Target: "" } && r.Reason.StartsWith($"{files.Count} hits", StringComparison.Ordinal));
    }

    private static async Task<string> FileAsync(string folder, string name, string mode, string? group = null, string? acl = null)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, $"契約 {name} の本文");
        OsAccounts.Run("chmod", mode, path);
        if (group is not null)
        {
            OsAccounts.Run("chgrp", group, path);
        }

        if (acl is not null)
        {
            OsAccounts.Run("setfacl", "-m", acl, path);
        }

        return path;
    }

    private static string Folder(string parent, string name, string mode, string? group = null)
    {
        var path = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        OsAccounts.Run("chmod", mode, path);
        if (group is not null)
        {
            OsAccounts.Run("chgrp", group, path);
        }

        return path;
    }
}
