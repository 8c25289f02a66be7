using System.Net;
using System.Net.Http.Json;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Server.Tests.StandIns;
using Microsoft.AspNetCore.WebUtilities;

namespace FileSearch.Server.Tests;

/// <summary>
/// OpenID Connect sign-in of the web page, end to end against <see cref="OidcProviderStandIn"/> on loopback: the browser is
/// played by an HttpClient that keeps cookies and follows redirects one at a time.
/// </summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OidcTests(ServerFixture fixture) : IAsyncLifetime
{
    private const string ClientId = "filesearch-web";
    private const string ClientSecret = "stand-in-secret";
    private static readonly OidcTestUser Staff = new("u-1001", "tanaka", ["営業部", "大阪支店"]);
    private static readonly OidcTestUser Admin = new("u-1002", "suzuki", ["filesearch-admins"]);
    private OidcProviderStandIn _provider = null!;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcProviderStandIn.StartAsync(ClientId, ClientSecret);
        _server = await fixture.StartAsync(Settings(_provider.Issuer, requireHttpsMetadata: false));
        _provider.AllowRedirectUri(new Uri(_server.Address, "/signin-oidc"));
        _provider.AllowRedirectUri(new Uri(_server.Address, "/signout-callback-oidc"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private static Dictionary<string, string?> Settings(string authority, bool requireHttpsMetadata) => new()
    {
        ["Auth:Oidc:Authority"] = authority,
        ["Auth:Oidc:ClientId"] = ClientId,
        ["Auth:Oidc:ClientSecret"] = ClientSecret,
        ["Auth:Oidc:RequireHttpsMetadata"] = requireHttpsMetadata ? "true" : "false",
    };

    [Fact]
    public async Task Page_NotSignedIn_RedirectedToAuthorizeWithPkceStateAndNonce()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync(new Uri(_server.Address, "/"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(_provider.Issuer + "/authorize?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.NotEmpty(query["state"].ToString());
        Assert.NotEmpty(query["nonce"].ToString());
        Assert.Equal(new Uri(_server.Address, "/signin-oidc").ToString(), query["redirect_uri"].ToString());
        Assert.Contains("openid", query["scope"].ToString().Split(' '));
    }

    [Fact]
    public async Task Page_BehindTrustedProxyEndingHttps_RedirectUriIsHttps()
    {
        var settings = Settings(_provider.Issuer, requireHttpsMetadata: false);
        settings["Server:TrustedProxies:0"] = "127.0.0.0/8";
        await using var proxied = await fixture.StartAsync(settings);
        using var browser = Browser();
        using var viaProxy = new HttpRequestMessage(HttpMethod.Get, new Uri(proxied.Address, "/")) { Headers = { { "X-Forwarded-Proto", "https" } } };
        using var direct = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Address, "/")) { Headers = { { "X-Forwarded-Proto", "https" } } };

        using var trusted = await browser.SendAsync(viaProxy);
        using var ignored = await browser.SendAsync(direct);

        Assert.StartsWith("https://", QueryHelpers.ParseQuery(trusted.Headers.Location!.Query)["redirect_uri"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("http://", QueryHelpers.ParseQuery(ignored.Headers.Location!.Query)["redirect_uri"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FollowingRedirects_MeShowsUserAndGroupsFromTheToken()
    {
        using var browser = await SignedInAsync(Staff);

        var me = await (await browser.GetAsync(new Uri(_server.Address, "/api/v1/me"))).ReadAsync<MeResponse>();

        Assert.Equal(("tanaka", false, "oidc"), (me.User, me.IsAdmin, me.Authentication));
        Assert.Equal(["営業部", "大阪支店"], me.Groups);
        Assert.Contains("/token", _provider.Requests);
        Assert.Contains("/userinfo", _provider.Requests);
    }

    [Fact]
    public async Task Status_AdminGroupMember_AllowedAndOtherUserForbidden()
    {
        using var admin = await SignedInAsync(Admin);
        using var staff = await SignedInAsync(Staff);

        using var allowed = await admin.GetAsync(new Uri(_server.Address, "/api/v1/status"));
        using var refused = await staff.GetAsync(new Uri(_server.Address, "/api/v1/status"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/search?q=x")]
    [InlineData("/api/v1/status")]
    public async Task Api_NoCookie_UnauthorizedNeverRedirected(string path)
    {
        using var browser = Browser();

        using var response = await browser.GetAsync(new Uri(_server.Address, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Redrive_CookieWithoutAntiforgeryHeader_RefusedAndWithTheHeaderAccepted()
    {
        using var admin = await SignedInAsync(Admin);
        var redrive = new Uri(_server.Address, "/api/v1/dlq/redrive");

        await (await admin.PostAsJsonAsync(redrive, new RedriveRequest(null), ApiJson.Options)).ProblemAsync(400);
        var token = await (await admin.GetAsync(new Uri(_server.Address, "/api/v1/antiforgery"))).ReadAsync<AntiforgeryResponse>();
        using var request = new HttpRequestMessage(HttpMethod.Post, redrive) { Content = JsonContent.Create(new RedriveRequest(null), options: ApiJson.Options) };
        request.Headers.Add(token.HeaderName, token.Token);
        using var accepted = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.Tampered)]
    [InlineData(IdTokenFault.ForeignKey)]
    [InlineData(IdTokenFault.WrongAudience)]
    [InlineData(IdTokenFault.WrongNonce)]
    public async Task SignIn_BadIdToken_RefusedAndNotSignedIn(IdTokenFault fault)
    {
        _provider.User = Staff;
        _provider.Fault = fault;
        using var browser = Browser();

        var hops = await FollowAsync(browser, new Uri(_server.Address, "/"));
        using var me = await browser.GetAsync(new Uri(_server.Address, "/api/v1/me"));

        Assert.Equal("/signin-oidc", hops[^1].Uri.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, hops[^1].Status);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task SignOut_SignedIn_CookieRemovedAndSignedOutAtTheProvider()
    {
        using var browser = await SignedInAsync(Staff);
        var antiforgery = await (await browser.GetAsync(new Uri(_server.Address, "/api/v1/antiforgery"))).ReadAsync<AntiforgeryResponse>();

        using var signOut = await browser.PostAsync(new Uri(_server.Address, "/signout"),
            new FormUrlEncodedContent([new(antiforgery.FormFieldName, antiforgery.Token)]));
        var hops = await FollowAsync(browser, new Uri(new Uri(_server.Address, "/signout"), signOut.Headers.Location!),
            stopAt: next => next.AbsolutePath == "/" && next.Port == _server.Address.Port);
        using var me = await browser.GetAsync(new Uri(_server.Address, "/api/v1/me"));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(hops, h => h.Uri.AbsolutePath == "/logout" && h.Uri.Port != _server.Address.Port);
        Assert.Contains(hops, h => h.Uri.AbsolutePath == "/signout-callback-oidc");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task SignOut_GetOrPostWithoutAntiforgeryToken_RefusedAndStillSignedIn()
    {
        using var browser = await SignedInAsync(Staff);

        using var post = await browser.PostAsync(new Uri(_server.Address, "/signout"), new FormUrlEncodedContent([]));
        using var get = await browser.GetAsync(new Uri(_server.Address, "/signout"));
        using var me = await browser.GetAsync(new Uri(_server.Address, "/api/v1/me"));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public void Build_HttpAuthorityWithoutOptOut_Refused()
    {
        var refused = Assert.Throws<ServerRefusedException>(() => SearchServer.Build(new CliContext(fixture.DataDir, false),
            new ServeSettings("http://127.0.0.1:0", Configuration: Settings(_provider.Issuer, requireHttpsMetadata: true))));

        Assert.Contains("RequireHttpsMetadata", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HttpAuthorityOnAnotherMachine_RefusedEvenWithOptOut()
    {
        var refused = Assert.Throws<ServerRefusedException>(() => SearchServer.Build(new CliContext(fixture.DataDir, false),
            new ServeSettings("http://127.0.0.1:0", Configuration: Settings("http://idp.example.test/realms/office", requireHttpsMetadata: false))));

        Assert.Contains("plain http on another machine", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A browser: cookies kept, redirects followed by <see cref="FollowAsync"/>.</summary>
    private static HttpClient Browser() =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    private async Task<HttpClient> SignedInAsync(OidcTestUser user)
    {
        _provider.User = user;
        _provider.Fault = IdTokenFault.None;
        var browser = Browser();
        var hops = await FollowAsync(browser, new Uri(_server.Address, "/"));
        Assert.True(hops.Any(h => h.Uri.AbsolutePath == "/signin-oidc" && h.Status == HttpStatusCode.Redirect),
            "not signed in: " + string.Join(" -> ", hops.Select(h => $"{h.Uri} {(int)h.Status}")));
        return browser;
    }

    /// <summary>GETs <paramref name="start"/> and each redirect after it (at most 10), stopping before <paramref name="stopAt"/>.</summary>
    private static async Task<List<(Uri Uri, HttpStatusCode Status)>> FollowAsync(HttpClient browser, Uri start, Func<Uri, bool>? stopAt = null)
    {
        var hops = new List<(Uri Uri, HttpStatusCode Status)>();
        var uri = start;
        for (var i = 0; i < 10; i++)
        {
            using var response = await browser.GetAsync(uri);
            hops.Add((uri, response.StatusCode));
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return hops;
            }

            uri = new Uri(uri, location);
            if (stopAt?.Invoke(uri) == true)
            {
                return hops;
            }
        }

        Assert.Fail("more than 10 redirects: " + string.Join(" -> ", hops.Select(h => h.Uri)));
        return hops;
    }
}
