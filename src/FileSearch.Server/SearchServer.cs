using System.Threading.RateLimiting;
using FileSearch.Hosting;
using FileSearch.Server.Admin;
using FileSearch.Server.Api;
using FileSearch.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;

namespace FileSearch.Server;

/// <summary>What <c>serve</c> was asked for on its command line.</summary>
/// <param name="Urls">Addresses to listen on (overrides <c>Server:Urls</c>), or null.</param>
/// <param name="WithWorker">Also run the queue worker in this process (single-machine use).</param>
/// <param name="Configuration">Settings applied over every configuration source (tests, embedding hosts), or null.</param>
public sealed record ServeSettings(string? Urls = null, bool WithWorker = false, IReadOnlyDictionary<string, string?>? Configuration = null);

/// <summary>The server refuses to start as configured (the message says why and what to do).</summary>
public sealed class ServerRefusedException(string message) : Exception(message)
{
    public ServerRefusedException()
        : this("the server refused to start")
    {
    }

    public ServerRefusedException(string message, Exception innerException)
        : this(message + ": " + innerException?.Message)
    {
    }
}

/// <summary>Builds the search service: the HTTP API, the web page and their security, on the host wiring of the commands.</summary>
public static class SearchServer
{
    /// <summary>Builds the web application; throws <see cref="ServerRefusedException"/> when the configuration is unsafe.</summary>
    public static WebApplication Build(CliContext context, ServeSettings settings, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Directory.Exists(webRoot) ? webRoot : null,
            EnvironmentName = "Production",
        });
        // The overrides go in before the services are chosen (Backends:* is read while registering them).
        FileSearchHost.Configure(builder, context, LogLevel.Information, settings.WithWorker, settings.Configuration);

        if (settings.Urls is { Length: > 0 } urlsOption)
        {
            builder.Configuration[$"{ServerOptions.SectionName}:{nameof(ServerOptions.Urls)}"] = urlsOption;
        }

        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var urls = BindPolicy.Split(server.Urls);
        if ((BindPolicy.Refusal(urls, auth.IsConfigured) ?? auth.Refusal()) is { } refusal)
        {
            throw new ServerRefusedException(refusal);
        }

        var proxies = TrustedProxies(server.TrustedProxies);
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = server.MaxUploadBytes + (1 << 20);
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = server.MaxUploadBytes + (64 << 10);
            o.ValueCountLimit = 64;
        });

        var services = builder.Services;
        services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.SectionName));
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Sign-in cookies and antiforgery tokens are protected with keys kept private in the data directory.
        services.AddDataProtection()
            .SetApplicationName("FileSearch")
            .PersistKeysToFileSystem(PrivateDirectory(Path.Combine(context.DataDirectory, "keys")));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "filesearch.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in proxies)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        services.AddServerAuthentication(auth);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, token) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; slow down")
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
            o.AddPolicy(SearchEndpoints.SearchRateLimit, c => PerCaller(c, server.SearchPerMinute));
            o.AddPolicy(DocumentEndpoints.UploadRateLimit, c => PerCaller(c, server.UploadsPerMinute));
        });
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FileSearch API";
            document.Info.Description = "Search a company file share: full text in Japanese and English, facets, previews, originals and similar images.";
            return Task.CompletedTask;
        }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<UncMapper>();
        services.AddSingleton<DocumentAccess>();
        services.AddSingleton<DuplicateCandidates>();
        services.AddSingleton(sp => new ApiKeyStore(ApiKeyStorePath(context.DataDirectory), TimeProvider.System));
        services.AddSingleton<ThroughputSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<ThroughputSampler>());
        services.AddSingleton<ReindexJob>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        if (proxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.Use(RequireSignInForPages);
        if (app.Environment.WebRootFileProvider is not NullFileProvider)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles(new StaticFileOptions
            {
                OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "no-cache",
            });
        }

        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The reference page is /api-reference.html (wwwroot); Scalar's own page has an inline script the CSP refuses,
        // so only its assets are used (/scalar/scalar.js).
        app.MapScalarApiReference("/scalar");
        var api = app.MapGroup(Dtos.ApiBase).WithTags("FileSearch");
        api.MapSearchEndpoints();
        api.MapDocumentEndpoints();
        api.MapDuplicateEndpoints();
        api.MapAdminEndpoints();
        app.MapSignOut(auth);
        app.MapFallback("/api/{**rest}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such endpoint"));
        return app;
    }

    private static List<System.Net.IPNetwork> TrustedProxies(IEnumerable<string> networks)
    {
        var parsed = new List<System.Net.IPNetwork>();
        foreach (var network in networks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out var value))
            {
                throw new ServerRefusedException($"Server:TrustedProxies '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/16)");
            }

            parsed.Add(value);
        }

        return parsed;
    }

    private static DirectoryInfo PrivateDirectory(string path)
    {
        var directory = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return directory;
    }

    /// <summary>Where API keys are kept: <c>{data-dir}/apikeys.db</c>.</summary>
    public static string ApiKeyStorePath(string dataDirectory) => Path.Combine(dataDirectory, "apikeys.db");

    /// <summary>The addresses the started server listens on (ports resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];
    }

    private static RateLimitPartition<string> PerCaller(HttpContext context, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Pages and their assets need a signed-in user too: unauthenticated browsers are sent to sign in (OIDC) or refused.</summary>
    private static async Task RequireSignInForPages(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var open = ServerAuthentication.IsApi(context.Request)
            || path.StartsWithSegments("/healthz", StringComparison.Ordinal)
            || path.StartsWithSegments("/readyz", StringComparison.Ordinal)
            || path.StartsWithSegments("/openapi", StringComparison.Ordinal)
            || path.StartsWithSegments("/signin-oidc", StringComparison.Ordinal)
            || path.StartsWithSegments(ServerAuthentication.SignOutPath, StringComparison.Ordinal)
            || path.StartsWithSegments("/signout-callback-oidc", StringComparison.Ordinal);
        if (!open && context.User.Identity?.IsAuthenticated != true)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
