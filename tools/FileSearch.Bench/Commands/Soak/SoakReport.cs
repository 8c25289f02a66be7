using System.Globalization;
using FileSearch.Bench.Commands.Soak.Faults;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>What a soak run did to the worker: kills, the faults it was given, what it tallied and what the wire did.</summary>
/// <param name="Kills">SIGKILLs of the worker.</param>
/// <param name="Outage">Length of the injected index outage.</param>
/// <param name="FaultRate">Share of calls failed by the chaos strategies on every dependency.</param>
/// <param name="Tally">The worker's log tallies (<see cref="SoakWorker.Tally"/>).</param>
/// <param name="Wire">What the fault proxies did (all zero without wire faults).</param>
/// <param name="Elapsed">Wall time from the first worker start to the stop after the drain.</param>
internal sealed record SoakRun(int Kills, TimeSpan Outage, double FaultRate, IReadOnlyDictionary<string, int> Tally, WireFaultCounts Wire, TimeSpan Elapsed)
{
    public int Count(string name) => Tally.GetValueOrDefault(name);
}

/// <summary>The closing figures of a soak run and its one-line result.</summary>
internal static class SoakReport
{
    public static void Write(IAnsiConsole console, SoakOutcome outcome, SoakRun run, int workerStarts, string logPath)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(run);
        var valid = outcome.Files - SoakCorpus.PoisonCount(outcome.Files);
        var wire = run.Wire;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string name, object value) => table.AddRow(name, Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        Row("inputs (valid + poison)", $"{valid} + {outcome.Files - valid}");
        Row("indexed exactly once", outcome.Indexed);
        Row("wall time", $"{run.Elapsed.TotalSeconds:0} s ({outcome.Indexed / Math.Max(1, run.Elapsed.TotalSeconds):0.0} files/s)");
        Row("worker starts / SIGKILLs / unexpected exits", $"{workerStarts} / {run.Kills} / {Math.Max(0, workerStarts - 1 - run.Kills)}");
        Row("retries", run.Count("retries"));
        Row("circuit openings", run.Count("circuit-open"));
        Row("throttled retries", run.Count("throttled"));
        Row($"injected faults ({run.FaultRate:P0} of calls)", run.Count("chaos:fault"));
        Row("injected throttles (random + bursts)", $"{run.Count("chaos:throttle")} + {run.Count("chaos:throttle-burst")}");
        Row($"injected outage failures (index, {run.Outage.TotalSeconds:0} s)", run.Count("chaos:outage"));
        Row("PENDING_INDEX drains / largest backlog", $"{run.Count("drains")} / {run.Count("pending-peak")}");
        Row("wire: connections / exchanges", $"{wire.Connections} / {wire.Exchanges}");
        Row("wire: resets / dropped replies / delays", $"{wire.Resets} / {wire.DroppedReplies} / {wire.Delays}");
        Row("dead-lettered (of them not poison)", $"{outcome.DeadLettered} ({outcome.WronglyDeadLettered})");
        console.Write(table);
        foreach (var problem in outcome.Problems)
        {
            console.MarkupLine($"[red]FAIL[/] {Markup.Escape(problem)}");
        }

        console.MarkupLine(outcome.Passed
            ? "[green]Soak passed.[/]"
            : $"[red]Soak failed.[/] Worker log: {Markup.Escape(logPath)}");

        // Exactly the last line, unstyled and unwrapped, for scripts and CI.
        Console.Out.WriteLine(ResultLine(outcome, run));
    }

    /// <summary>
    /// <c>RESULT soak files= indexed= lost= duplicated= dlq= wrong_dlq= kills= outage_s= fault_rate= injected_faults=
    /// retries= wire_exchanges= wire_resets= wire_dropped_replies= wire_delays= seconds= passed=</c>: what went in, what
    /// came out, and the faults it went through.
    /// </summary>
    internal static string ResultLine(SoakOutcome outcome, SoakRun run)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(run);
        (string Name, object Value)[] fields =
        [
            ("files", outcome.Files), ("indexed", outcome.Indexed), ("lost", outcome.Lost), ("duplicated", outcome.Duplicated),
            ("dlq", outcome.DeadLettered), ("wrong_dlq", outcome.WronglyDeadLettered), ("kills", run.Kills),
            ("outage_s", Math.Round(run.Outage.TotalSeconds, 1)), ("fault_rate", run.FaultRate), ("injected_faults", run.Count("chaos:fault")),
            ("retries", run.Count("retries")), ("wire_exchanges", run.Wire.Exchanges), ("wire_resets", run.Wire.Resets),
            ("wire_dropped_replies", run.Wire.DroppedReplies), ("wire_delays", run.Wire.Delays), ("seconds", Math.Round(run.Elapsed.TotalSeconds)),
            ("passed", outcome.Passed ? "true" : "false"),
        ];
        return "RESULT soak " + string.Join(' ', fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}={f.Value}")));
    }
}
