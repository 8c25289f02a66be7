using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FileSearch.Core.Worker;
using Spectre.Console;

namespace FileSearch.Bench.Load;

/// <summary>The output of a load run: report.md with its PNG charts, a console summary, and the RESULT line.</summary>
internal static class LoadReport
{
    public const string LatencyChart = "send-latency.png";
    public const string QueueChart = "queue.png";

    private static readonly string[] RequestNames = [LoadStatistics.SendPdf, LoadStatistics.SendImage, LoadStatistics.CheckDepth];

    /// <summary>Writes report.md and the charts into the settings' report directory; returns the report's path.</summary>
    public static string Write(LoadSettings settings, LoadOutcome outcome, DateTimeOffset date, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outcome);
        Directory.CreateDirectory(settings.ReportDirectory);
        var title = $"{outcome.Scenario.Name}: {outcome.Scenario.Users} users, spawn {outcome.Scenario.SpawnRate}/s";
        LoadCharts.WriteLatency(Path.Combine(settings.ReportDirectory, LatencyChart), outcome.Statistics, title);
        LoadCharts.WriteQueue(Path.Combine(settings.ReportDirectory, QueueChart), outcome.Statistics, title);
        var path = Path.Combine(settings.ReportDirectory, "report.md");
        File.WriteAllText(path, Markdown(settings, outcome, date, commandLine));
        return path;
    }

    internal static string Markdown(LoadSettings settings, LoadOutcome outcome, DateTimeOffset date, string commandLine)
    {
        var s = outcome.Statistics;
        var b = new StringBuilder();
        b.AppendLine(I($"# Load test: {outcome.Scenario.Name}"));
        b.AppendLine();
        b.AppendLine(I($"- Date: {date:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        b.AppendLine(I($"- Command: `{commandLine}`"));
        b.AppendLine(I($"- {outcome.Scenario.Users} users started at {outcome.Scenario.SpawnRate}/s, each waiting 1-3 s between tasks (PDF message 3 : image message 2 : queue-depth check 1), for {outcome.SendPhase.TotalSeconds:0} s"));
        b.AppendLine(I($"- Consumers: {settings.Workers} in-process QueueWorker(s) x {settings.Concurrency} at once, SQS and S3 on fauxqs (127.0.0.1), metadata SQLite, index Lucene; {LoadSettings.CopiesPerSample} objects each of samples/{LoadSettings.PdfSample} and samples/{LoadSettings.ImageSample}"));
        b.AppendLine();
        b.AppendLine("| Request | Count | Failures | p50 ms | p95 ms | p99 ms | Max ms | Per s |");
        b.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, requests) in RequestNames.Select(n => (n, s.Requests.Where(r => r.Name == n).ToList())).Append(("all sends", s.Sends.ToList())))
        {
            var ms = requests.Select(r => r.Milliseconds).ToList();
            b.AppendLine(I($"| {name} | {requests.Count} | {requests.Count(r => r.Error is not null)} | {LoadStatistics.Percentile(ms, 50):0.0} | {LoadStatistics.Percentile(ms, 95):0.0} | {LoadStatistics.Percentile(ms, 99):0.0} | {(ms.Count > 0 ? ms.Max() : 0):0.0} | {requests.Count / Math.Max(1, outcome.SendPhase.TotalSeconds):0.00} |"));
        }

        b.AppendLine();
        b.AppendLine(I($"Workers: {outcome.Completed} messages processed ({outcome.Indexed} files extracted and indexed, {outcome.Unchanged} events for a version already indexed, acknowledged without work), ") +
            I($"{outcome.DeadLettered} dead-lettered, {outcome.Retried} retries; {ProcessedPerSecond(outcome):0.00} messages/s over the run. ") +
            I($"Queue: at most {s.MaxDepth} messages (visible + in flight); oldest unfinished message at most {s.MaxOldestAgeSeconds:0.0} s old. ") +
            (outcome.Drained ? I($"The queue drained {outcome.DrainTime.TotalSeconds:0.0} s after the users stopped.") : I($"The queue did NOT drain within {settings.DrainTimeout.TotalSeconds:0} s of the users stopping.")));
        b.AppendLine();
        b.AppendLine("Oldest-message age: SQS publishes `ApproximateAgeOfOldestMessage` only as a CloudWatch metric (not a queue attribute) and fauxqs has no CloudWatch, so the age is measured from the events this run sent: the oldest message sent and not yet processed or dead-lettered.");
        b.AppendLine();
        b.AppendLine(I($"![send latency]({LatencyChart})"));
        b.AppendLine();
        b.AppendLine(I($"![queue over time]({QueueChart})"));
        var errors = s.Requests.Where(r => r.Error is not null).GroupBy(r => r.Error).OrderByDescending(g => g.Count()).Take(10).ToList();
        if (errors.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("## Failures");
            foreach (var error in errors)
            {
                b.AppendLine(I($"- {error.Count()} x {error.Key}"));
            }
        }

        return b.ToString();
    }

    /// <summary>The summary table on the console.</summary>
    public static void WriteConsole(LoadOutcome outcome, string reportPath)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Statistics;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(outcome.Scenario.Name)}[/]");
        foreach (var column in new[] { "Request", "Count", "Failures", "p50 ms", "p95 ms", "p99 ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var name in RequestNames)
        {
            var requests = s.Requests.Where(r => r.Name == name).ToList();
            var ms = requests.Select(r => r.Milliseconds).ToList();
            table.AddRow(name, I($"{requests.Count}"), I($"{requests.Count(r => r.Error is not null)}"),
                I($"{LoadStatistics.Percentile(ms, 50):0.0}"), I($"{LoadStatistics.Percentile(ms, 95):0.0}"), I($"{LoadStatistics.Percentile(ms, 99):0.0}"));
        }

        AnsiConsole.Write(table);
        Console.Out.WriteLine(I($"Workers processed {outcome.Completed} ({outcome.Indexed} indexed, {outcome.Unchanged} unchanged), dead-lettered {outcome.DeadLettered}, retried {outcome.Retried}; max depth {s.MaxDepth}, max oldest age {s.MaxOldestAgeSeconds:0.0} s; ") +
            (outcome.Drained ? I($"drained {outcome.DrainTime.TotalSeconds:0.0} s after the users stopped") : "NOT drained"));
        Console.Out.WriteLine($"Report: {reportPath}");
    }

    /// <summary>The last line: <c>RESULT load scenario=.. users=.. sent=.. failures=.. send_p50_ms=.. ... max_depth=..</c>.</summary>
    public static string ResultLine(LoadOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Statistics;
        var sends = s.Sends.Select(r => r.Milliseconds).ToList();
        return I($"RESULT load scenario={outcome.Scenario.Name} users={outcome.Scenario.Users} sent={outcome.Sent} failures={s.Failures} ") +
            I($"send_p50_ms={LoadStatistics.Percentile(sends, 50):0.0} send_p95_ms={LoadStatistics.Percentile(sends, 95):0.0} send_p99_ms={LoadStatistics.Percentile(sends, 99):0.0} ") +
            I($"throughput_per_s={outcome.Sent / Math.Max(1, outcome.SendPhase.TotalSeconds):0.00} max_depth={s.MaxDepth} ") +
            I($"processed={outcome.Completed} indexed={outcome.Indexed} unchanged={outcome.Unchanged} processed_per_s={ProcessedPerSecond(outcome):0.00} dead_lettered={outcome.DeadLettered} drained={(outcome.Drained ? "true" : "false")} max_oldest_age_s={s.MaxOldestAgeSeconds:0.0}");
    }

    private static double ProcessedPerSecond(LoadOutcome o) => (o.Completed + o.DeadLettered) / Math.Max(1, (o.SendPhase + o.DrainTime).TotalSeconds);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
