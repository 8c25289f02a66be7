using FileSearch.Core.Ports;
using FileSearch.Server.Api;
using FileSearch.Server.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FileSearch.Server.Tests;

[Trait("Category", "Unit")]
public sealed class UnitTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("https://[::1]:8443", true)]
    [InlineData("http://127.8.9.10:1", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.168.1.20:8080", false)]
    [InlineData("http://search.example.co.jp", false)]
    public void IsLoopback_Urls_Classified(string url, bool loopback) => Assert.Equal(loopback, BindPolicy.IsLoopback(url));

    [Theory]
    [InlineData("https://login.example.co.jp/realms/office", true, true)]
    [InlineData("https://login.example.co.jp/realms/office", false, true)]
    [InlineData("http://127.0.0.1:5001", false, true)]
    [InlineData("http://localhost:5001", false, true)]
    [InlineData("http://127.0.0.1:5001", true, false)]
    [InlineData("http://login.example.co.jp", false, false)]
    [InlineData("ftp://login.example.co.jp", false, false)]
    [InlineData("not a url", false, false)]
    public void Refusal_OidcAuthority_HttpOnlyOnLoopbackWithOptOut(string authority, bool requireHttpsMetadata, bool allowed)
    {
        var options = new AuthOptions { Oidc = { Authority = authority, ClientId = "filesearch", RequireHttpsMetadata = requireHttpsMetadata } };

        Assert.Equal(allowed, options.Refusal() is null);
    }

    [Fact]
    public void Refusal_NonLoopbackWithAuthentication_Allowed()
    {
        Assert.Null(BindPolicy.Refusal(["http://0.0.0.0:8080"], authenticationConfigured: true));
        Assert.Null(BindPolicy.Refusal(["http://127.0.0.1:8080", "http://[::1]:8080"], authenticationConfigured: false));
        Assert.NotNull(BindPolicy.Refusal([], authenticationConfigured: true));
    }

    [Fact]
    public void Highlight_Parts_RangesOverTheConcatenatedText()
    {
        var text = Dtos.Highlight([new("本", false), new("契約", true), new("書", true), new("は", false), new("契約", true)]);

        Assert.Equal("本契約書は契約", text.Text);
        Assert.Equal([new TextRange(1, 3), new TextRange(5, 2)], text.Highlights);
    }

    [Theory]
    [InlineData("/mnt/nas/share/営業/見積.xlsx", @"\\nas01\share\営業\見積.xlsx")]
    [InlineData("/mnt/nas/share", @"\\nas01\share")]
    [InlineData("/mnt/nas/share2/x.txt", null)]
    [InlineData("/mnt/nas/share/経理/2024/a.pdf", @"\\nas02\keiri\2024\a.pdf")]
    [InlineData("/home/user/a.txt", null)]
    public void UncMapper_LongestPrefixWins(string path, string? expected)
    {
        var options = new ServerOptions
        {
            UncMappings = new() { ["/mnt/nas/share"] = @"\\nas01\share\", ["/mnt/nas/share/経理/"] = @"\\nas02\keiri" },
        };

        Assert.Equal(expected, new UncMapper(Options.Create(options)).Map(path));
    }

    [Fact]
    public void Parse_FullQuery_AllFiltersMapped()
    {
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["q"] = " 見積 ",
            ["type"] = ".PDF",
            ["path"] = "/nas/営業",
            ["from"] = "2024-04-01",
            ["to"] = "2024-04-30",
            ["minSize"] = "10",
            ["maxSize"] = "1000",
            ["sort"] = "newest",
            ["offset"] = "20",
            ["limit"] = "10",
            ["facets"] = "false",
        });
        var errors = new Dictionary<string, string[]>();

        var parsed = SearchRequests.Parse(query, new ServerOptions(), errors);

        Assert.Empty(errors);
        Assert.Equal(new SearchQuery("見積", "pdf", 10, 20)
        {
            PathPrefix = "/nas/営業",
            ModifiedFrom = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero),
            ModifiedTo = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1),
            MinSize = 10,
            MaxSize = 1000,
            Sort = SearchSort.Newest,
            IncludeFacets = false,
        }, parsed);
    }

    [Theory]
    [InlineData("a😀b", 2, 5, 1, 4)]
    [InlineData("a😀b", 0, 2, 0, 1)]
    [InlineData("abc", 5, 5, 3, 3)]
    public void Slice_SurrogatePairs_NeverSplit(string text, int offset, int length, int start, int end) =>
        Assert.Equal((start, end), DocumentEndpoints.Slice(text, offset, length));
}
