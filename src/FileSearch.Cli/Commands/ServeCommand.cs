using System.CommandLine;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using FileSearch.Server;
using FileSearch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>serve [--urls URLS] [--with-worker]</c>: the search service (HTTP API and web page) until stopped. Without
/// authentication configured it listens on loopback addresses only.
/// </summary>
public static class ServeCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated (default Server:Urls, http://127.0.0.1:8080)",
        };
        var withWorker = new Option<bool>("--with-worker") { Description = "Also process the queue in this process (single machine)" };
        var command = new Command("serve", "Serve the search page and the HTTP API until stopped (Ctrl+C / SIGTERM)") { urls, withWorker };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            try
            {
                var app = SearchServer.Build(context, new ServeSettings(parse.GetValue(urls), parse.GetValue(withWorker)));
                await using (app.ConfigureAwait(false))
                {
                    if (parse.GetValue(withWorker) && app.Services.GetService<ISingleWriterIndex>() is { } index)
                    {
                        // As the worker command: a second writer stops here with one line naming the first.
                        await index.ClaimWriterAsync(ct).ConfigureAwait(false);
                    }

                    await app.StartAsync(ct).ConfigureAwait(false);
                    var auth = app.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
                    foreach (var address in SearchServer.Addresses(app))
                    {
                        await Console.Out.WriteLineAsync($"Serving FileSearch at {address}/").ConfigureAwait(false);
                    }

                    await Console.Out.WriteLineAsync(auth.IsConfigured
                        ? "Sign-in: " + string.Join(", ", new[] { auth.Oidc.IsConfigured ? "OpenID Connect (web page)" : null, auth.Jwt.IsConfigured ? "bearer tokens (API)" : null, "API keys" }.OfType<string>())
                        : $"No authentication configured: only this machine can connect, as {Environment.UserName} (admin). API keys work too.").ConfigureAwait(false);
                    await app.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (ServerRefusedException ex)
            {
                await Console.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }
}
