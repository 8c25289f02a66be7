using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Testing;
using Microsoft.AspNetCore.Builder;

namespace FileSearch.Server.Tests;

/// <summary>
/// A folder ingested into a data directory of its own and the server started on it over real Kestrel, accepting bearer
/// tokens of a <see cref="TestIssuer"/>: for the tests that act as several users.
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    private readonly TestIssuer _issuer;
    private readonly WebApplication _app;
    private readonly Uri _address;

    private TokenServer(TestIssuer issuer, WebApplication app)
    {
        _issuer = issuer;
        _app = app;
        _address = new Uri(SearchServer.Addresses(app)[0]);
    }

    public static async Task<TokenServer> StartAsync(TempDirectory temp, string folder)
    {
        ArgumentNullException.ThrowIfNull(temp);
        var data = temp.Combine("data");
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["ingest", folder, "--data-dir", data])).ExitCode);
        var issuer = new TestIssuer(temp);
        var app = SearchServer.Build(new CliContext(data, false), new ServeSettings("http://127.0.0.1:0", Configuration: issuer.Settings));
        await app.StartAsync();
        return new TokenServer(issuer, app);
    }

    /// <summary>A client holding a token of <paramref name="user"/> in <paramref name="groups"/>.</summary>
    public HttpClient Client(string user, params string[] groups)
    {
        var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _issuer.Token(user, groups));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _issuer.Dispose();
    }
}
