using System.CommandLine;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;

namespace FileSearch.Bench.Commands.Bench.Micro;

/// <summary>
/// <c>bench micro [--filter PATTERN] [--job short|default]</c>: runs the BenchmarkDotNet project
/// <c>benchmarks/FileSearch.Benchmarks</c> as a child process (<c>dotnet run -c Release</c>: BenchmarkDotNet refuses
/// debug builds, and the project builds its own Release copy of the adapters), streams its output, then reads the
/// CSV report it wrote and prints a compact table and one <c>RESULT micro benchmarks=N &lt;group&gt;_ratio=x ...</c> line
/// (ratio = the baseline's mean ÷ ours: above 1, ours is faster).
/// </summary>
public static class MicroBenchCommand
{
    private const string ProjectPath = "benchmarks/FileSearch.Benchmarks/FileSearch.Benchmarks.csproj";

    public static Command Create(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var filter = new Option<string[]>("--filter", "-f")
        {
            Description = "BenchmarkDotNet glob of Class.Method names (repeatable), e.g. '*Vector*'",
            DefaultValueFactory = _ => ["*"],
            AllowMultipleArgumentsPerToken = true,
        };
        var job = new Option<string>("--job", "-j")
        {
            Description = "short: 15 iterations of ~150 ms in-process (a few minutes); default: BenchmarkDotNet's default job in-process (much longer)",
            DefaultValueFactory = _ => "short",
        };
        job.AcceptOnlyFromAmong("short", "default");
        var timeout = new Option<int>("--timeout-minutes") { Description = "Stop the run (and fail) after this many minutes", DefaultValueFactory = _ => 60 };
        var repo = new Option<string?>("--repo") { Description = "The FileSearch checkout (default: found from the current directory)" };
        var command = new Command("micro", "BenchmarkDotNet micro-benchmarks of the hot paths, each against its baseline") { filter, job, timeout, repo };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            var minutes = parse.GetValue(timeout);
            if (minutes is < 1 or > 24 * 60)
            {
                await Console.Error.WriteLineAsync("error: --timeout-minutes must be 1-1440").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            try
            {
                var root = parse.GetValue(repo) ?? FindRepositoryRoot();
                var run = new MicroBenchRun(root, parse.GetValue(filter)!, parse.GetValue(job) == "default", TimeSpan.FromMinutes(minutes));
                return await run.RunAsync(Console.Out, TimeProvider.System, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }

    internal static string FindRepositoryRoot() => RepositoryRoot.Find(ProjectPath)
        ?? throw new InvalidOperationException(
            $"bench micro needs a FileSearch checkout ({ProjectPath}): run it from the repository with ./filesearch-bench bench micro, or pass --repo");

    internal static string Project(string root) => Path.Combine(root, ProjectPath);
}
