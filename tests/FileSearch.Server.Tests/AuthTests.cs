using System.Net;
using System.Security.Cryptography;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Server.Security;
using FileSearch.Testing;

namespace FileSearch.Server.Tests;

/// <summary>Bearer tokens, API keys and roles against a server configured with a JWT issuer (its public key on file).</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuthTests(ServerFixture fixture) : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("fs-auth");
    private TestIssuer _issuer = null!;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _issuer = new TestIssuer(_temp);
        _server = await fixture.StartAsync(_issuer.Settings);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _issuer.Dispose();
        _temp.Dispose();
    }

    private string Token(string user, string[] groups, DateTime? expires = null, RSA? signer = null, string audience = TestIssuer.Audience) =>
        _issuer.Token(user, groups, expires, signer, audience);

    [Theory]
    [InlineData("/api/v1/search?q=x")]
    [InlineData("/")]
    [InlineData("/openapi/v1.json")]
    public async Task Request_NoCredentials_Unauthorized(string path)
    {
        using var client = _server.Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Search_ValidToken_IdentityFromTheToken()
    {
        using var client = _server.Client(bearer: Token("tanaka", ["営業部"]));

        var me = await (await client.GetAsync("/api/v1/me")).ReadAsync<MeResponse>();
        using var search = await client.GetAsync("/api/v1/search?q=x");

        Assert.Equal(("tanaka", false, "jwt"), (me.User, me.IsAdmin, me.Authentication));
        Assert.Equal(["営業部"], me.Groups);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
    }

    [Fact]
    public async Task Search_BadTokens_Unauthorized()
    {
        using var other = RSA.Create(2048);
        var tokens = new[]
        {
            "not-a-token",
            Token("tanaka", [], signer: other),
            Token("tanaka", [], expires: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-5)),
            Token("tanaka", [], audience: "someone-else"),
        };

        foreach (var token in tokens)
        {
            using var client = _server.Client(bearer: token);
            using var response = await client.GetAsync("/api/v1/search?q=x");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_WrongRole_ForbiddenAndAdminGroupAllowed()
    {
        using var staff = _server.Client(bearer: Token("tanaka", ["営業部"]));
        using var admin = _server.Client(bearer: Token("suzuki", ["filesearch-admins"]));

        using var refused = await staff.GetAsync("/api/v1/status");
        using var allowed = await admin.GetAsync("/api/v1/status");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task ApiKey_CreatedByTheCli_WorksUntilRevoked()
    {
        var (exit, output) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync,
            ["apikey", "create", "--name", "経理スクリプト", "--user", "keiri-bot", "--groups", "経理部", "--data-dir", fixture.DataDir]);
        Assert.Equal(ExitCodes.Success, exit);
        var key = output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("fsk_", StringComparison.Ordinal));

        using var header = _server.Client(apiKey: key);
        using var bearer = _server.Client(bearer: key);
        var me = await (await header.GetAsync("/api/v1/me")).ReadAsync<MeResponse>();
        Assert.Equal("keiri-bot", me.User);
        Assert.Equal("apikey", me.Authentication);
        Assert.Equal(["経理部"], me.Groups);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/search?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await header.GetAsync("/api/v1/status")).StatusCode);

        var (revokeExit, _) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["apikey", "revoke", "経理スクリプト", "--data-dir", fixture.DataDir]);
        Assert.Equal(ExitCodes.Success, revokeExit);

        Assert.Equal(HttpStatusCode.Unauthorized, (await header.GetAsync("/api/v1/search?q=x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client(apiKey: key[..^2] + "xx").GetAsync("/api/v1/search?q=x")).StatusCode);
        var (_, list) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["apikey", "list", "--data-dir", fixture.DataDir]);
        Assert.Contains("経理スクリプト", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NonLoopbackWithoutAuthentication_Refused()
    {
        var refused = Assert.Throws<ServerRefusedException>(() =>
            SearchServer.Build(new CliContext(fixture.DataDir, false), new ServeSettings("http://0.0.0.0:18099")));

        Assert.Contains("without authentication", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NonLoopbackWithoutAuthentication_ExitsWithUsageError()
    {
        var (exit, output) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync,
            ["serve", "--urls", "http://0.0.0.0:18098;http://127.0.0.1:18097", "--data-dir", fixture.DataDir]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("refusing to listen on http://0.0.0.0:18098 without authentication", output, StringComparison.Ordinal);
    }
}
