using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using FileSearch.Testing;
using Microsoft.Playwright;

namespace FileSearch.Server.Tests.Browser;

/// <summary>
/// The product as a user runs it, for the browser tests: a copy of samples/ (plus one corrupt PDF that is dead-lettered)
/// ingested into a temporary data directory, <c>filesearch serve</c> on a free loopback port, and Debian's chromium
/// driven by Playwright. Every wait is bounded.
/// </summary>
public sealed class WebUiServer : IAsyncLifetime
{
    public const string CorruptFileName = "壊れた見積書.pdf";
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _temp = new("fs-webui");
    private readonly StringBuilder _serverOutput = new();
    private Process? _server;
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

    public string ServerOutput
    {
        get
        {
            lock (_serverOutput)
            {
                return _serverOutput.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        CopySamples();
        var dataDir = _temp.Combine("data");
        var ingest = await RunAsync(IngestTimeout, "ingest", SamplesDirectory, "--data-dir", dataDir);
        // 4: completed, some files failed (the corrupt PDF, dead-lettered on purpose).
        if (ingest.ExitCode is not (0 or 4))
        {
            throw new InvalidOperationException($"ingest exited with {ingest.ExitCode}:\n{ingest.Output}");
        }

        var port = FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _server = Start(["serve", "--urls", BaseUri.GetLeftPart(UriPartial.Authority), "--data-dir", dataDir]);
        await WaitHealthyAsync();

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
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _server.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // the kill was sent; the temp folder is removed best-effort below
            }
        }

        _server?.Dispose();
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
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples")))
        {
            if (!Path.GetFileName(file).StartsWith('.'))
            {
                File.Copy(file, Path.Combine(SamplesDirectory, Path.GetFileName(file)));
            }
        }

        // A PDF header and nothing readable: a permanent failure (corrupt-pdf), dead-lettered at once.
        File.WriteAllText(Path.Combine(SamplesDirectory, CorruptFileName), "%PDF-1.7\n%broken\n1 0 obj <<");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException($"filesearch serve exited with {_server.ExitCode}:\n{ServerOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start: try again until the deadline
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"filesearch serve did not answer /healthz within {StartTimeout}:\n{ServerOutput}");
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "filesearch.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["COLUMNS"] = "200";
        info.Environment["NO_COLOR"] = "1";
        // Tests reach loopback only: never the EC2 instance metadata address.
        info.Environment["FILESEARCH_Spot__Enabled"] = "false";
        return info;
    }

    private Process Start(IEnumerable<string> args)
    {
        var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_serverOutput)
        {
            _serverOutput.AppendLine(line);
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] args) =>
        ChildProcess.RunAsync(StartInfo(args), timeout);
}

[CollectionDefinition(Name)]
public sealed class WebUiCollection : ICollectionFixture<WebUiServer>
{
    public const string Name = "web UI";
}
