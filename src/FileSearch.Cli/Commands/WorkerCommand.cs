using System.CommandLine;
using FileSearch.Core.Ports;
using FileSearch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>worker</c>: the long-running consumer. SIGINT/SIGTERM stop receiving, in-flight work may finish
/// until the drain deadline (Worker:DrainTimeout), the rest is released to the queue.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var concurrency = new Option<int?>("--concurrency", "-c") { Description = "Messages processed at once (default: cores)" };
        var command = new Command("worker", "Consume the queue until stopped (Ctrl+C / SIGTERM drains gracefully)") { concurrency };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            try
            {
                var builder = FileSearchHost.CreateBuilder(context, LogLevel.Information, worker: true);
                if (parse.GetValue(concurrency) is { } c)
                {
                    builder.Configuration["Worker:Concurrency"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                using var host = builder.Build();
                // Before the host starts: a second worker on this data directory stops here with one line naming the first.
                if (host.Services.GetService<ISingleWriterIndex>() is { } index)
                {
                    await index.ClaimWriterAsync(ct).ConfigureAwait(false);
                }

                await host.RunAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }
}
