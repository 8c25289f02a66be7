using System.Reflection;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Testing;
using FileSearch.Testing.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace FileSearch.Server.Tests.Browser;

/// <summary>
/// The product as a user reaches it, for the browser tests: a copy of samples/ plus one corrupt PDF (dead-lettered on
/// purpose) and a ZIP with Shift_JIS member names holding a Japanese text and a photograph, ingested into a data directory of its own (the admin tests redrive it; <see cref="ServerFixture"/>'s stays
/// untouched), the server over real Kestrel on a free loopback port as <see cref="ServerFixture"/> starts it, and
/// Debian's chromium driven by Playwright. Every wait is bounded.
/// </summary>
public sealed class WebUiServer : IAsyncLifetime
{
    public const string CorruptFileName = "壊れた見積書.pdf";
    public const string MemberArchive = "2019_見積.zip";
    public const string QuoteText = "御見積書\nネットワーク更改工事 合計金額 1,280,000円";

    /// <summary>The sample that also has two copies in the ingested folder.</summary>
    public const string MinutesFileName = "議事録_sjis.txt";
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _temp = new("fs-webui");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public string SamplesDirectory => _temp.Combine("samples");

    public IBrowser Browser { get; private set; } = null!;

    public static string RepositoryRoot { get; } = typeof(WebUiServer).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string AxeScript => Path.Combine(RepositoryRoot, "tests", "browser-tools", "node_modules", "axe-core", "axe.min.js");

    public static string ScreenshotDirectory => Directory.CreateDirectory(Path.Combine(RepositoryRoot, "artifacts", "screenshots")).FullName;

    /// <summary>The chromium binary: $FILESEARCH_CHROMIUM, else Debian's (the real binary behind the /usr/bin wrapper).</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("FILESEARCH_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/lib/chromium/chromium") ? "/usr/lib/chromium/chromium"
        : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        CopySamples();
        var dataDir = _temp.Combine("data");
        var (exit, _) = await ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, ["ingest", SamplesDirectory, "--data-dir", dataDir]).WaitAsync(IngestTimeout);
        // The corrupt PDF fails on purpose: "completed, but some files failed".
        Assert.Equal(ExitCodes.CompletedWithFailures, exit);

        _app = SearchServer.Build(new CliContext(dataDir, false), new ServeSettings("http://127.0.0.1:0"));
        using (var cts = new CancellationTokenSource(StartTimeout))
        {
            await _app.StartAsync(cts.Token);
        }

        BaseUri = new Uri(SearchServer.Addresses(_app)[0] + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>A browser context (a fresh profile) in the given locale; <paramref name="bypassCsp"/> for injecting axe-core.</summary>
    public Task<IBrowserContext> NewContextAsync(string locale = "ja-JP", bool bypassCsp = false, int width = 1280) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUri.ToString(),
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
            BypassCSP = bypassCsp,
        });

    private void CopySamples()
    {
        Directory.CreateDirectory(SamplesDirectory);
        foreach (var file in Directory.GetFiles(ServerFixture.Samples))
        {
            if (!Path.GetFileName(file).StartsWith('.'))
            {
                File.Copy(file, Path.Combine(SamplesDirectory, Path.GetFileName(file)));
            }
        }

        // Two copies of the minutes (one in a subfolder) for the collapsed search: one hit with "2 other copies".
        File.Copy(Path.Combine(ServerFixture.Samples, MinutesFileName), Path.Combine(SamplesDirectory, "議事録_sjis - コピー.txt"));
        Directory.CreateDirectory(Path.Combine(SamplesDirectory, "控え"));
        File.Copy(Path.Combine(ServerFixture.Samples, MinutesFileName), Path.Combine(SamplesDirectory, "控え", "議事録_sjis_控え.txt"));

        // A PDF header and nothing readable: a permanent failure (corrupt-pdf), dead-lettered at once.
        File.WriteAllText(Path.Combine(SamplesDirectory, CorruptFileName), "%PDF-1.7\n%broken\n1 0 obj <<");
        File.WriteAllBytes(Path.Combine(SamplesDirectory, MemberArchive), ContainerFiles.Zip(ContainerFiles.ShiftJis,
            ("見積/見積書.txt", QuoteText), ("写真/現場.jpg", File.ReadAllBytes(ContainerFiles.Photograph))));
    }
}

[CollectionDefinition(Name)]
public sealed class WebUiCollection : ICollectionFixture<WebUiServer>
{
    public const string Name = "web UI";
}
