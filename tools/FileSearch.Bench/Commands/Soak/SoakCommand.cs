using System.CommandLine;
using System.Globalization;
using FileSearch.Bench.Commands.Soak.Faults;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>
/// <c>soak --files N [--kills 3] [--seed S]</c>: the chaos soak. Generated files go through the AWS stand-ins and a worker
/// child process with 10 % transient faults on every dependency, throttling bursts on embeddings and an index outage;
/// the worker is SIGKILLed and restarted; <c>--wire-faults</c> also breaks the connections between the worker and the
/// stand-ins. Ends with <c>RESULT soak files= indexed= lost= duplicated= dlq= wrong_dlq= kills= outage_s= fault_rate= ...</c>
/// (<see cref="SoakReport.ResultLine"/>);
/// exit code 1 when a file is lost or duplicated or the dead-letter queue holds anything but the poison inputs.
/// </summary>
public static class SoakCommand
{
    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var files = new Option<int>("--files", "-n") { Description = "Inputs to push through (2 % poison, at least 3)", DefaultValueFactory = _ => 100 };
        var kills = new Option<int>("--kills") { Description = "SIGKILLs of the worker at random points of progress", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed of the corpus, the faults and the kill points", DefaultValueFactory = _ => 42 };
        var outage = new Option<int>("--outage") { Description = "Length of the index outage, seconds", DefaultValueFactory = _ => 20 };
        var outageAt = new Option<int>("--outage-at") { Description = "Start of the index outage after the first worker start, seconds", DefaultValueFactory = _ => 10 };
        var timeout = new Option<int?>("--timeout") { Description = "Give up waiting for the drain after this many minutes (default 5 + files/50)" };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Worker concurrency", DefaultValueFactory = _ => 4 };
        var wireFaults = new Option<double>("--wire-faults")
        {
            Description = "Wire faults between the worker and the stand-ins: share of exchanges reset, of replies dropped and of exchanges delayed, each (0-0.33)",
        };
        var wireResets = new Option<double?>("--wire-resets") { Description = "Share of exchanges reset mid-request (overrides --wire-faults)" };
        var wireDrops = new Option<double?>("--wire-dropped-replies") { Description = "Share of replies dropped after the request was applied (overrides --wire-faults)" };
        var wireDelays = new Option<double?>("--wire-delays") { Description = "Share of exchanges delayed (overrides --wire-faults)" };
        var wireDelay = new Option<int>("--wire-delay") { Description = "Added latency of a delayed exchange, milliseconds", DefaultValueFactory = _ => 300 };
        var repo = new Option<string?>("--repo") { Description = "Repository root (for tests/aws-standins and samples); default: found from the current directory" };
        var command = new Command("soak", "Chaos soak: files through the AWS stand-ins with injected faults and worker SIGKILLs, then check nothing was lost")
        {
            files, kills, seed, outage, outageAt, timeout, concurrency, wireFaults, wireResets, wireDrops, wireDelays, wireDelay, repo,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            try
            {
                var n = parse.GetValue(files);
                if (n < 1 || parse.GetValue(kills) < 0 || parse.GetValue(outage) < 1 || parse.GetValue(concurrency) < 1)
                {
                    await Console.Error.WriteLineAsync("error: --files, --outage and --concurrency must be at least 1, --kills at least 0").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var all = parse.GetValue(wireFaults);
                var wire = new WireFaultOptions(parse.GetValue(wireResets) ?? all, parse.GetValue(wireDrops) ?? all, parse.GetValue(wireDelays) ?? all,
                    TimeSpan.FromMilliseconds(parse.GetValue(wireDelay)), parse.GetValue(seed));
                try
                {
                    wire.Validate();
                }
                catch (ArgumentOutOfRangeException ex)
                {
                    await Console.Error.WriteLineAsync($"error: --wire-*: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var root = parse.GetValue(repo) ?? FindRepositoryRoot();
                var settings = new SoakSettings(n, parse.GetValue(kills), parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(outage)),
                    TimeSpan.FromSeconds(parse.GetValue(outageAt)), TimeSpan.FromMinutes(parse.GetValue(timeout) ?? (5 + (n / 50))),
                    parse.GetValue(concurrency), Path.GetFullPath(root),
                    Path.Combine(context.DataDirectory, "soak", TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)))
                {
                    WireFaults = wire,
                };
                return await new SoakRunner(settings, AnsiConsole.Console).RunAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }

    private static string FindRepositoryRoot() => RepositoryRoot.Find()
        ?? throw new InvalidOperationException("The repository root (with FileSearch.slnx) was not found: run the soak inside the repository or pass --repo");
}
