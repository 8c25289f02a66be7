using System.Net;
using System.Net.Http.Headers;
using FileSearch.Cli.Commands;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Server.Tests;

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}

/// <summary>
/// The repository's samples ingested once into a data directory (real engines: OCR, thumbnails, the local image embedder,
/// the Lucene index); servers started on it over real Kestrel on a free loopback port.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("fs-server");
    private RunningServer? _default;

    public string DataDir => _temp.Combine("data");

    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>The server without authentication (local user, loopback).</summary>
    public RunningServer Server => _default ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var (exit, _) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["ingest", Samples, "--data-dir", DataDir]);
        Assert.Equal(ExitCodes.Success, exit);
        _default = await StartAsync();
    }

    /// <summary>Starts another server on the same data directory, with settings over the defaults.</summary>
    public async Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var app = SearchServer.Build(new CliContext(DataDir, false), new ServeSettings("http://127.0.0.1:0", Configuration: configuration));
        await app.StartAsync();
        return new RunningServer(app, new Uri(SearchServer.Addresses(app)[0]));
    }

    /// <summary>
    /// <c>serve --with-worker</c> in this process on <paramref name="dataDir"/>: as <c>ServeCommand</c> does, the index is
    /// claimed for writing before the server starts.
    /// </summary>
    public static async Task<RunningServer> StartWithWorkerAsync(
        string dataDir, IReadOnlyDictionary<string, string?>? configuration = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new Dictionary<string, string?>(configuration ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase)
        {
            // Loopback only: never the EC2 instance metadata address.
            ["Spot:Enabled"] = "false",
            ["Worker:ReceiveWaitTime"] = "00:00:01",
        };
        var app = SearchServer.Build(new CliContext(dataDir, false), new ServeSettings("http://127.0.0.1:0", WithWorker: true, settings), configureServices);
        try
        {
            if (app.Services.GetService<ISingleWriterIndex>() is { } index)
            {
                using var claim = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await index.ClaimWriterAsync(claim.Token);
            }

            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningServer(app, new Uri(SearchServer.Addresses(app)[0]));
    }

    public async Task DisposeAsync()
    {
        if (_default is not null)
        {
            await _default.DisposeAsync();
        }

        _temp.Dispose();
    }
}

/// <summary>A started server and a client for it.</summary>
public sealed class RunningServer(WebApplication app, Uri address) : IAsyncDisposable
{
    public WebApplication App => app;

    public Uri Address => address;

    public IServiceProvider Services => app.Services;

    /// <summary>A client with its own cookies (antiforgery), no credentials unless given.</summary>
    public HttpClient Client(string? bearer = null, string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Searches until at least <paramref name="expected"/> hits come back, or fails after <paramref name="limit"/>.</summary>
    public async Task<SearchResponse> WaitForHitsAsync(HttpClient client, string query, int expected, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(client);
        var until = TimeProvider.System.GetUtcNow() + limit;
        SearchResponse? last = null;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            last = await (await client.GetAsync(new Uri(address, "/api/v1/search?q=" + Uri.EscapeDataString(query)))).ReadAsync<SearchResponse>();
            if (last.Total >= expected)
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Fail($"'{query}' found {last?.Total ?? 0} of {expected} documents within {limit}");
        return last!;
    }

    /// <summary>
    /// The document of a hit once its record is INDEXED: the index is committed before the final metadata write, so for a
    /// moment a fresh hit is searchable while its record is still PROCESSING (the document reads as not found).
    /// </summary>
    public async Task<DocumentDto> WaitForDocumentAsync(HttpClient client, string id, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(client);
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (true)
        {
            using var response = await client.GetAsync(new Uri(address, "/api/v1/documents/" + id));
            if (response.StatusCode != HttpStatusCode.NotFound || TimeProvider.System.GetUtcNow() >= until)
            {
                return await response.ReadAsync<DocumentDto>();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
