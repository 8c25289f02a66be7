using System.CommandLine;
using System.Globalization;
using FileSearch.Bench.Load;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using Spectre.Console;

namespace FileSearch.Bench.Commands;

/// <summary>
/// <c>load [--scenario load|spike|stress] [--users N] [--spawn-rate R] [--duration D] [--report DIR]</c>: the seed's
/// Locust scenarios in .NET. Starts fauxqs (SQS + S3) on 127.0.0.1, uploads sample files, and lets simulated users send
/// file events while in-process workers consume; writes a Markdown report with PNG charts and ends with one
/// <c>RESULT load ...</c> line. The run stops by itself: users after the duration, workers after the drain timeout.
/// </summary>
public static class LoadCommand
{
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var scenario = new Option<string>("--scenario", "-s") { Description = "load (10 users, 2/s, 10m), spike (50, 10/s, 5m) or stress (100, 5/s, 30m)", DefaultValueFactory = _ => "load" };
        var users = new Option<int?>("--users", "-u") { Description = "Simulated users (default: the scenario's)" };
        var spawnRate = new Option<double?>("--spawn-rate", "-r") { Description = "Users started per second (default: the scenario's)" };
        var duration = new Option<string?>("--duration", "-d") { Description = "How long users send: 90, 30s, 5m, 1h (default: the scenario's)" };
        var report = new Option<string?>("--report") { Description = "Report folder (default: {data-dir}/load/<scenario>-<time>)" };
        var drain = new Option<string>("--drain-timeout") { Description = "After the users stop, how long the workers may take to empty the queue", DefaultValueFactory = _ => "5m" };
        var workers = new Option<int>("--workers") { Description = "In-process queue workers", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Messages each worker processes at once (default: cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<int>("--seed") { Description = "Random seed of the users", DefaultValueFactory = _ => 42 };
        var command = new Command("load", "Load test: simulated users send file events to SQS (fauxqs stand-in) while workers consume; Markdown report with charts")
        {
            scenario, users, spawnRate, duration, report, drain, workers, concurrency, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Ctrl+C / SIGTERM end the run early but still stop the workers and the stand-in and remove the work folder.
            using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Cancel);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Cancel);
            var ct = interrupted.Token;
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            try
            {
                var chosen = LoadScenario.Resolve(parse.GetValue(scenario)!, parse.GetValue(users), parse.GetValue(spawnRate),
                    parse.GetValue(duration) is { } d ? LoadScenario.ParseDuration(d) : null);
                if (parse.GetValue(workers) is < 1 or > 16 || parse.GetValue(concurrency) is < 1 or > 64)
                {
                    throw new ArgumentException("--workers must be 1-16 and --concurrency 1-64");
                }

                var now = TimeProvider.System.GetUtcNow();
                var settings = new LoadSettings(chosen,
                    LoadSettings.FindRepositoryRoot(Environment.CurrentDirectory, AppContext.BaseDirectory),
                    Path.GetFullPath(parse.GetValue(report) ?? Path.Combine(context.DataDirectory, "load", string.Create(CultureInfo.InvariantCulture, $"{chosen.Name}-{now:yyyyMMdd-HHmmss}"))),
                    LoadScenario.ParseDuration(parse.GetValue(drain)!), parse.GetValue(workers), parse.GetValue(concurrency), parse.GetValue(seed), context.Verbose);
                var outcome = await new LoadRunner(settings, TimeProvider.System).RunAsync(line => AnsiConsole.MarkupLine(Markup.Escape(line)), ct).ConfigureAwait(false);
                var path = LoadReport.Write(settings, outcome, now, "filesearch " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
                LoadReport.WriteConsole(outcome, path);
                await Console.Out.WriteLineAsync(LoadReport.ResultLine(outcome)).ConfigureAwait(false);
                return outcome.Statistics.Failures == 0 && outcome.DeadLettered == 0 && outcome.Drained ? ExitCodes.Success : ExitCodes.CompletedWithFailures;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ExitCodes.Usage;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                AnsiConsole.MarkupLine("[yellow]Interrupted.[/]");
                return 130;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }

            void Cancel(System.Runtime.InteropServices.PosixSignalContext signal)
            {
                signal.Cancel = !interrupted.IsCancellationRequested;
                interrupted.Cancel();
            }
        });
        return command;
    }
}
