using System.Net;
using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Core.Similarity;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.AspNetCore.Builder;

namespace FileSearch.Server.Tests;

/// <summary>
/// <c>GET /api/v1/documents/{id}/duplicates</c> over real files ingested as root (SQLite metadata, Lucene, ResNet18): a
/// quote in three versions, two copies of the first (one readable by root only) and the last version readable by root
/// only; a photograph, its half-size recompressed copy and another photograph. Each caller gets the groups among what they
/// could open; a document they cannot open answers as one that does not exist.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DuplicateApiTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTime T0 = new(2026, 2, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new("fs-dup-api");
    private TestIssuer _issuer = null!;
    private WebApplication _app = null!;
    private Uri _address = null!;
    private Dictionary<string, string> _ids = null!;

    public async Task InitializeAsync()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.UserName == "root", "the permission tests run as root on Linux (owners and modes of real files)");
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var passages = new[] { "01-clean-contract", "05-clean-report", "09-clean-request" }
            .Select(n => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prose", n + ".gt.txt"))).ToArray();
        var prose = string.Concat(passages);
        var v2 = prose.Replace("三十五万円", "四十万円", StringComparison.Ordinal);
        // The last version drops the middle passage: about two thirds of the text left, a version but not a near-duplicate.
        var v3 = passages[0].Replace("三十五万円", "四十万円", StringComparison.Ordinal) + passages[2];
        Write(docs, "見積/見積書_v1.txt", prose, "644", 0);
        Write(docs, "見積/見積書_v2.txt", v2, "644", 1);
        Write(docs, "見積/見積書_v3_最終.txt", v3, "600", 2);
        Write(docs, "控え/見積書_v1.txt", prose, "644", 0.5);
        Write(docs, "秘密/見積書_v1.txt", prose, "600", 0.7);
        Write(docs, "坊っちゃん.txt", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prose", "04-clean-botchan.gt.txt")), "644", 0);
        WritePhotos(docs);
        var data = _temp.Combine("data");
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["ingest", docs, "--data-dir", data])).ExitCode);

        _issuer = new TestIssuer(_temp);
        _app = SearchServer.Build(new CliContext(data, false), new ServeSettings("http://127.0.0.1:0", Configuration: _issuer.Settings));
        await _app.StartAsync();
        _address = new Uri(SearchServer.Addresses(_app)[0]);
        using var root = Client("root");
        var all = await (await root.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();
        _ids = all.Hits.ToDictionary(h => Path.GetRelativePath(docs, h.Path), h => h.Id, StringComparer.Ordinal);
        Assert.Equal(9, _ids.Count);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _issuer?.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Duplicates_Root_CopiesNearDuplicatesAndFamilyWithLatest()
    {
        using var root = Client("root");

        var answer = await (await root.GetAsync($"/api/v1/documents/{_ids["見積/見積書_v1.txt"]}/duplicates")).ReadAsync<DocumentDuplicatesResponse>();

        Assert.Equal(["見積/見積書_v1.txt", "控え/見積書_v1.txt", "秘密/見積書_v1.txt"], Paths(answer.Exact));
        Assert.Equal(2 * new FileInfo(_temp.Combine("docs", "見積/見積書_v1.txt")).Length, answer.Exact!.WastedBytes);
        Assert.Equal(["控え/見積書_v1.txt", "秘密/見積書_v1.txt", "見積/見積書_v1.txt", "見積/見積書_v2.txt"], Paths(answer.Near).Order(StringComparer.Ordinal));
        Assert.Equal(["見積/見積書_v1.txt", "控え/見積書_v1.txt", "秘密/見積書_v1.txt", "見積/見積書_v2.txt", "見積/見積書_v3_最終.txt"], Paths(answer.Family));
        Assert.Equal(_ids["見積/見積書_v3_最終.txt"], answer.Family!.LatestId);
        Assert.True(answer.Family.Members[^1].Latest);
        Assert.InRange(answer.Family.Similarity, DocumentDefaults.FamilyThreshold, DocumentDefaults.NearThreshold);
    }

    [Fact]
    public async Task Duplicates_UserWithoutAccessToSome_OnlyMembersTheyCouldOpen()
    {
        using var tanaka = Client("tanaka");

        var response = await tanaka.GetAsync($"/api/v1/documents/{_ids["見積/見積書_v2.txt"]}/duplicates");
        var raw = await response.Content.ReadAsStringAsync();
        var answer = JsonSerializer.Deserialize<DocumentDuplicatesResponse>(raw, ApiJson.Options)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(answer.Exact);
        Assert.Equal(["控え/見積書_v1.txt", "見積/見積書_v1.txt", "見積/見積書_v2.txt"], Paths(answer.Near).Order(StringComparer.Ordinal));
        Assert.Equal(["見積/見積書_v1.txt", "控え/見積書_v1.txt", "見積/見積書_v2.txt"], Paths(answer.Family));
        Assert.Equal(_ids["見積/見積書_v2.txt"], answer.Family!.LatestId);
        Assert.DoesNotContain("秘密", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("v3", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_ids["見積/見積書_v3_最終.txt"], raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicates_DocumentTheCallerMayNotOpen_SameAnswerAsNoDocument()
    {
        using var tanaka = Client("tanaka");

        var refused = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["見積/見積書_v3_最終.txt"]}/duplicates")).ProblemAsync(404);
        var missing = await (await tanaka.GetAsync("/api/v1/documents/0123456789abcdef0123456789abcdef/duplicates")).ProblemAsync(404);

        Assert.Equal(missing.GetProperty("title").GetString(), refused.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Duplicates_UnrelatedDocument_NoGroups()
    {
        using var tanaka = Client("tanaka");

        var answer = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["坊っちゃん.txt"]}/duplicates")).ReadAsync<DocumentDuplicatesResponse>();

        Assert.Equal((null, null, null), (answer.Exact, answer.Near, answer.Family));
    }

    [Fact]
    public async Task Duplicates_PhotographAndItsSmallerCopy_ImageGroupByVector()
    {
        using var tanaka = Client("tanaka");

        var answer = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["写真/海辺.jpg"]}/duplicates")).ReadAsync<DocumentDuplicatesResponse>();
        var other = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["写真/花.jpg"]}/duplicates")).ReadAsync<DocumentDuplicatesResponse>();
        var strict = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["写真/海辺.jpg"]}/duplicates?imageThreshold=0.9999"))
            .ReadAsync<DocumentDuplicatesResponse>();

        Assert.Equal(["写真/海辺.jpg", "写真/海辺_縮小.jpg"], Paths(answer.Image));
        Assert.Equal("image", answer.Image!.Kind);
        Assert.InRange(answer.Image.Similarity, DuplicateFinder.DefaultImageThreshold, 0.9999);
        Assert.Equal((DuplicateFinder.DefaultImageThreshold, (DuplicateGroupDto?)null, (DuplicateGroupDto?)null), (answer.ImageThreshold, answer.Exact, answer.Near));
        Assert.Null(other.Image);
        Assert.Null(strict.Image);
    }

    [Theory]
    [InlineData("imageThreshold=0")]
    [InlineData("threshold=0")]
    [InlineData("threshold=1.5")]
    [InlineData("familyThreshold=abc")]
    public async Task Duplicates_BadThreshold_ValidationProblem(string query)
    {
        using var tanaka = Client("tanaka");

        var problem = await (await tanaka.GetAsync($"/api/v1/documents/{_ids["見積/見積書_v1.txt"]}/duplicates?{query}")).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _));
    }

    [Theory]
    [InlineData("root", "duplicates", 5)]
    [InlineData("root", "versions", 4)]
    [InlineData("tanaka", "duplicates", 4)]
    [InlineData("tanaka", "versions", 4)]
    public async Task Search_Collapse_OneHitPerGroupTotalsAndPagesCountGroups(string user, string collapse, int groups)
    {
        using var client = Client(user);
        var plain = await (await client.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();

        var all = await (await client.GetAsync($"/api/v1/search?q=&limit=50&collapse={collapse}")).ReadAsync<SearchResponse>();
        var pages = new List<SearchHitDto>();
        for (var offset = 0; offset < groups + 1; offset++)
        {
            var page = await (await client.GetAsync($"/api/v1/search?q=&limit=1&offset={offset}&collapse={collapse}")).ReadAsync<SearchResponse>();
            Assert.Equal(groups, page.Total);
            pages.AddRange(page.Hits);
        }

        Assert.Equal(collapse, all.Collapse);
        Assert.Equal(groups, all.Total);
        Assert.Equal(all.Hits.Select(h => h.Id), pages.Select(h => h.Id));
        // Every document the caller may read is a hit or one of a hit's others, once.
        var covered = all.Hits.SelectMany(h => h.Group is { } g ? g.Ids.Prepend(h.Id) : [h.Id]).ToList();
        Assert.Equal(plain.Hits.Select(h => h.Id).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
        var grouped = Assert.Single(all.Hits, h => h.Group is not null && h.Group.Ids.Contains(_ids["控え/見積書_v1.txt"]) || h.Id == _ids["控え/見積書_v1.txt"]);
        Assert.Equal(collapse == "duplicates" ? "copies" : "versions", grouped.Group!.Kind);
        Assert.Equal(grouped.Group.Ids.Count, grouped.Group.Others);
        Assert.Equal(collapse == "versions" ? _ids[user == "root" ? "見積/見積書_v3_最終.txt" : "見積/見積書_v2.txt"] : null, grouped.Group.LatestId);
        Assert.Null(Assert.Single(all.Hits, h => h.Name == "坊っちゃん.txt").Group);
        Assert.Null(Assert.Single(all.Hits, h => h.Name == "花.jpg").Group);
        var photo = Assert.Single(all.Hits, h => h.Name.StartsWith("海辺", StringComparison.Ordinal));
        Assert.Equal(1, photo.Group!.Others);
    }

    [Theory]
    [InlineData("root", "duplicates")]
    [InlineData("root", "versions")]
    [InlineData("tanaka", "duplicates")]
    [InlineData("tanaka", "versions")]
    public async Task Search_CollapseWithFacets_EachCountIsTheCollapsedTotalFilteredOnIt(string user, string collapse)
    {
        using var client = Client(user);
        var docs = _temp.Combine("docs") + "/";
        var search = $"/api/v1/search?q=&limit=50&collapse={collapse}&path={Uri.EscapeDataString(docs)}";

        var all = await (await client.GetAsync(search)).ReadAsync<SearchResponse>();

        var facets = all.Facets!;
        // No group here mixes types, so the types add up to the collapsed total.
        Assert.Equal(all.Total, facets.Types.Sum(t => t.Count));
        Assert.Equal(2, facets.Types.Single(t => t.Value == "jpg").Count);
        Assert.Equal(2, facets.Folders.Single(f => f.Value == docs + "写真").Count);
        foreach (var type in facets.Types)
        {
            Assert.Equal(type.Count, (await (await client.GetAsync($"{search}&type={type.Value}")).ReadAsync<SearchResponse>()).Total);
        }

        foreach (var folder in facets.Folders)
        {
            var filtered = $"/api/v1/search?q=&limit=50&collapse={collapse}&path={Uri.EscapeDataString(folder.Value + "/")}";
            Assert.Equal(folder.Count, (await (await client.GetAsync(filtered)).ReadAsync<SearchResponse>()).Total);
        }

        foreach (var month in facets.Months)
        {
            var first = DateOnly.ParseExact(month.Value + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var range = $"&from={first:yyyy-MM-dd}&to={first.AddMonths(1).AddDays(-1):yyyy-MM-dd}";
            Assert.Equal(month.Count, (await (await client.GetAsync(search + range)).ReadAsync<SearchResponse>()).Total);
        }
    }

    [Fact]
    public async Task Search_UnknownCollapse_ValidationProblem()
    {
        using var tanaka = Client("tanaka");

        var problem = await (await tanaka.GetAsync("/api/v1/search?q=&collapse=folders")).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("collapse", out _));
    }

    private List<string> Paths(DuplicateGroupDto? group)
    {
        Assert.NotNull(group);
        return [.. group.Members.Select(m => Path.GetRelativePath(_temp.Combine("docs"), m.Path))];
    }

    private HttpClient Client(string user, params string[] groups)
    {
        var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _issuer.Token(user, groups));
        return client;
    }

    private static void Write(string root, string relative, string text, string mode, double days)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)Convert.ToInt32("755", 8));
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        File.SetLastWriteTimeUtc(path, T0.AddDays(days));
    }

    /// <summary>A photograph, its copy at half size recompressed (another file, another hash) and a different photograph.</summary>
    private static void WritePhotos(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "写真")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("755", 8));
        var photos = WallpaperPhotos.Photographs();
        using (var sea = WallpaperPhotos.Load(photos[0]))
        {
            sea.Jpegsave(Path.Combine(folder, "海辺.jpg"), q: 90);
        }

        using (var saved = NetVips.Image.NewFromFile(Path.Combine(folder, "海辺.jpg")))
        {
            WallpaperPhotos.Edits.Single(e => e.Name == "half-jpeg").Write(saved, Path.Combine(folder, "海辺_縮小.jpg"));
        }

        using (var flower = WallpaperPhotos.Load(photos[3]))
        {
            flower.Jpegsave(Path.Combine(folder, "花.jpg"), q: 90);
        }

        foreach (var file in Directory.GetFiles(folder))
        {
            File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("644", 8));
            File.SetLastWriteTimeUtc(file, T0);
        }
    }

    private static class DocumentDefaults
    {
        public const double NearThreshold = Core.Similarity.DuplicateFinder.DefaultThreshold;
        public const double FamilyThreshold = Core.Similarity.DuplicateFinder.DefaultFamilyThreshold;
    }
}
