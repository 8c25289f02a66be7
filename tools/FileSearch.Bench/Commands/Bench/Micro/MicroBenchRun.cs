using System.Globalization;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Commands.Bench.Micro;

/// <summary>One <c>bench micro</c> run: the benchmark program as a child process, then the summary of its CSV report.</summary>
internal sealed class MicroBenchRun(string repositoryRoot, IReadOnlyList<string> filters, bool defaultJob, TimeSpan timeout)
{
    /// <summary>Where the benchmarks' MicroConfig puts BenchmarkDotNet's artifacts (under the repository's artifacts/).</summary>
    public string ResultsDirectory => Path.Combine(repositoryRoot, "artifacts", "benchmarks", "results");

    public IReadOnlyList<string> Arguments
    {
        get
        {
            List<string> arguments = ["run", "-c", "Release", "--project", MicroBenchCommand.Project(repositoryRoot), "--", "--filter", .. filters];
            if (defaultJob)
            {
                // In-process as well: no generated project to restore and build for every benchmark class.
                arguments.AddRange(["--job", "default", "--inProcess"]);
            }

            return arguments;
        }
    }

    public async Task<int> RunAsync(TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        await output.WriteLineAsync($"Running: dotnet {string.Join(' ', Arguments)}").ConfigureAwait(false);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // No build nodes left running after the build (they would hold the output pipes and the cores).
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        var exit = await StreamingProcess.RunAsync("dotnet", Arguments, repositoryRoot, environment, line =>
        {
            // The program's own RESULT line (minimum-based) would make two: this command prints the one RESULT line.
            if (!line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                output.WriteLine(line);
            }
        }, timeout, cancellationToken).ConfigureAwait(false);
        if (exit is null)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"the benchmarks did not finish within {timeout.TotalMinutes:0} minutes and were stopped: narrow --filter or raise --timeout-minutes"));
        }

        var report = NewestReport(started)
            ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the benchmark program exited with {exit} and wrote no CSV report to {ResultsDirectory} (a build error, or no benchmark matched --filter? see the output above)"));
        var groups = MicroSummary.Group(BenchmarkCsvReport.Parse(await File.ReadAllTextAsync(report, cancellationToken).ConfigureAwait(false)));
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(MicroSummary.Table(groups)).ConfigureAwait(false);
        await output.WriteLineAsync($"Report: {report}").ConfigureAwait(false);
        await output.WriteLineAsync(MicroSummary.ResultLine(groups)).ConfigureAwait(false);
        return exit == 0 && groups.All(g => g.Rows.All(r => r.MeanNs is not null)) ? ExitCodes.Success : ExitCodes.Error;
    }

    /// <summary>The newest <c>*-report.csv</c> written since <paramref name="since"/> (a second of slack for coarse file times).</summary>
    internal string? NewestReport(DateTime since) =>
        !Directory.Exists(ResultsDirectory)
            ? null
            : new DirectoryInfo(ResultsDirectory).EnumerateFiles("*-report.csv")
                .Where(f => f.LastWriteTimeUtc >= since.AddSeconds(-1))
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .Select(f => f.FullName)
                .FirstOrDefault();
}
