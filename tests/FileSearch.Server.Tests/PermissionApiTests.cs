using System.Diagnostics;
using System.Net;
using FileSearch.Cli.Commands;
using FileSearch.Core.Security;
using FileSearch.Embedded.Audit;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Testing;
using Microsoft.AspNetCore.Builder;

namespace FileSearch.Server.Tests;

/// <summary>
/// Files with real modes and groups, ingested as root, searched over the API by token holders: each sees exactly what
/// the file system lets them read, in hits, totals, facets, suggestions and every per-document endpoint; what they may not
/// read answers exactly as a document that does not exist.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PermissionApiTests : IAsyncLifetime, IDisposable
{
    private const int SharedGroup = 4242;
    private readonly TempDirectory _temp = new("fs-perm-api");
    private TokenServer? _server;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task InitializeAsync()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.UserName == "root", "the permission tests run as root on Linux (owners and groups of real files)");
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        File.SetUnixFileMode(docs, (UnixFileMode)Convert.ToInt32("755", 8));
        await WriteAsync(docs, "公開_契約.txt", "契約 公開 資料", "644");
        await WriteAsync(docs, "機密_契約.txt", "契約 機密 役員", "600");
        await WriteAsync(docs, "部内_契約.txt", "契約 部内 共有", "640");
        Run("chgrp", SharedGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(docs, "部内_契約.txt"));
        _server = await TokenServer.StartAsync(_temp, docs);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private HttpClient Client(string user, params string[] groups) => _server!.Client(user, groups);

    [Theory]
    [InlineData("tanaka", new string[0], new[] { "公開_契約.txt" })]
    [InlineData("suzuki", new[] { "gid:4242" }, new[] { "公開_契約.txt", "部内_契約.txt" })]
    [InlineData("root", new string[0], new[] { "公開_契約.txt", "機密_契約.txt", "部内_契約.txt" })]
    [InlineData("admin", new[] { "filesearch-admins" }, new[] { "公開_契約.txt", "機密_契約.txt", "部内_契約.txt" })]
    public async Task Search_Caller_SeesWhatTheFileSystemLetsThemRead(string user, string[] groups, string[] expected)
    {
        using var client = Client(user, groups);

        var result = await (await client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("契約") + "&facets=true")).ReadAsync<SearchResponse>();
        var browse = await (await client.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();
        var suggestions = await (await client.GetAsync("/api/v1/suggest?prefix=" + Uri.EscapeDataString("機密"))).ReadAsync<SuggestResponse>();

        Assert.Equal(expected, result.Hits.Select(h => h.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, result.Total);
        Assert.Equal(expected.Length, result.Facets!.Types.Sum(t => t.Count));
        Assert.Equal(expected.Length, browse.Total);
        Assert.Equal(expected.Contains("機密_契約.txt"), suggestions.Suggestions.Count > 0);
    }

    [Fact]
    public async Task DocumentEndpoints_DocumentTheCallerMayNotRead_SameAnswerAsNoDocument()
    {
        using var root = Client("root");
        var secret = (await (await root.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("機密"))).ReadAsync<SearchResponse>()).Hits.Single();
        using var tanaka = Client("tanaka");

        foreach (var path in new[] { "", "/text", "/thumbnail", "/content", "/similar" })
        {
            var refused = await (await tanaka.GetAsync($"/api/v1/documents/{secret.Id}{path}")).ProblemAsync(404);
            var missing = await (await tanaka.GetAsync($"/api/v1/documents/0123456789abcdef0123456789abcdef{path}")).ProblemAsync(404);
            Assert.Equal(missing.GetProperty("title").GetString(), refused.GetProperty("title").GetString());
            Assert.Equal(HttpStatusCode.OK, (await root.GetAsync($"/api/v1/documents/{secret.Id}{path}")).StatusCode);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Audit_ReadsAndAdminActions_RecordedWithWhoWhatOutcomeAndWhy()
    {
        using var admin = Client("admin", "filesearch-admins");
        var secret = (await (await admin.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("機密"))).ReadAsync<SearchResponse>()).Hits.Single();
        using var tanaka = Client("tanaka");
        var open = (await (await tanaka.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("公開"))).ReadAsync<SearchResponse>()).Hits.Single();

        Assert.Equal(HttpStatusCode.OK, (await tanaka.GetAsync($"/api/v1/documents/{open.Id}/text")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tanaka.GetAsync($"/api/v1/documents/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tanaka.GetAsync($"/api/v1/documents/{secret.Id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tanaka.GetAsync("/api/v1/documents/0123456789abcdef0123456789abcdef/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/documents/{secret.Id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/documents/{secret.Id}/access?principal=tanaka")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/dlq/redrive", System.Net.Http.Json.JsonContent.Create(new { }))).StatusCode);

        var records = await JsonLinesAuditSink.ReadAsync(_temp.Combine("data", "audit"), TimeProvider.System.GetUtcNow().AddHours(-1), CancellationToken.None).ToListAsync();

        Assert.Contains(records, r => r is { User: "admin", Admin: true, Action: AuditAction.Search, Outcome: AuditOutcome.Allowed } && r.Target.Contains("q=", StringComparison.Ordinal));
        Assert.Contains(records, r => r is { User: "tanaka", Action: AuditAction.Text, Outcome: AuditOutcome.Allowed } && r.Target == open.Id && r.Reason.Contains("everyone", StringComparison.Ordinal));
        Assert.Contains(records, r => r is { User: "tanaka", Action: AuditAction.Original, Outcome: AuditOutcome.Denied } && r.Target == secret.Id);
        Assert.Contains(records, r => r is { User: "tanaka", Action: AuditAction.Thumbnail, Outcome: AuditOutcome.NotFound });
        Assert.Contains(records, r => r is { User: "admin", Action: AuditAction.Original, Outcome: AuditOutcome.Allowed } && r.Target == secret.Id);
        Assert.Contains(records, r => r is { User: "admin", Action: AuditAction.ExplainAccess } && r.Reason.StartsWith("for user:tanaka", StringComparison.Ordinal));
        Assert.Contains(records, r => r is { User: "admin", Action: AuditAction.Redrive, Target: "all" });
        // Metadata reads of an ordinary user are not audited (search pages would flood the trail); an admin's are.
        Assert.DoesNotContain(records, r => r is { User: "tanaka", Action: AuditAction.Metadata });
        Assert.All(Directory.GetFiles(_temp.Combine("data", "audit")), f => Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Access_AdminAsksForPrincipals_DecisionWithTheDecidingEntry()
    {
        using var admin = Client("admin", "filesearch-admins");
        var secret = (await (await admin.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("機密"))).ReadAsync<SearchResponse>()).Hits.Single();

        var tanaka = await (await admin.GetAsync($"/api/v1/documents/{secret.Id}/access?principal=tanaka")).ReadAsync<AccessResponse>();
        var root = await (await admin.GetAsync($"/api/v1/documents/{secret.Id}/access?principal=user:root&principal=gid:4242")).ReadAsync<AccessResponse>();
        using var staff = Client("tanaka");

        Assert.False(tanaka.Allowed);
        Assert.Equal(["user:tanaka"], tanaka.Principals);
        Assert.True(root.Allowed);
        Assert.Equal(("user:root", "mode"), (root.Principal, root.Source));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/v1/documents/{secret.Id}/access?principal=tanaka")).StatusCode);
        await (await admin.GetAsync($"/api/v1/documents/{secret.Id}/access")).ProblemAsync(400);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task WriteAsync(string folder, string name, string text, string mode)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        Assert.True(process.WaitForExit(30_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
