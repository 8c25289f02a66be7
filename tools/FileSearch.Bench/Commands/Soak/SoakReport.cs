using System.Globalization;
using FileSearch.Bench.Commands.Soak.Faults;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>The closing figures of a soak run and its one-line result.</summary>
internal static class SoakReport
{
    public static void Write(IAnsiConsole console, SoakOutcome outcome, SoakWorker worker, WireFaultCounts wire, int kills, TimeSpan elapsed, string logPath)
    {
        int T(string name) => worker.Tally.GetValueOrDefault(name);
        var valid = outcome.Files - SoakCorpus.PoisonCount(outcome.Files);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Figure").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string name, object value) => table.AddRow(name, Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        Row("inputs (valid + poison)", $"{valid} + {outcome.Files - valid}");
        Row("indexed exactly once", outcome.Indexed);
        Row("wall time", $"{elapsed.TotalSeconds:0} s ({outcome.Indexed / Math.Max(1, elapsed.TotalSeconds):0.0} files/s)");
        Row("worker starts / SIGKILLs / unexpected exits", $"{worker.Starts} / {kills} / {Math.Max(0, worker.Starts - 1 - kills)}");
        Row("retries", T("retries"));
        Row("circuit openings", T("circuit-open"));
        Row("throttled retries", T("throttled"));
        Row("injected faults", T("chaos:fault"));
        Row("injected throttles (random + bursts)", $"{T("chaos:throttle")} + {T("chaos:throttle-burst")}");
        Row("injected outage failures (index)", T("chaos:outage"));
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
        (string Name, long Value)[] fields =
        [
            ("files", outcome.Files), ("indexed", outcome.Indexed), ("lost", outcome.Lost), ("duplicated", outcome.Duplicated),
            ("dlq", outcome.DeadLettered), ("wrong_dlq", outcome.WronglyDeadLettered), ("kills", kills),
            ("wire_resets", wire.Resets), ("wire_dropped_replies", wire.DroppedReplies), ("wire_delays", wire.Delays),
        ];
        Console.Out.WriteLine("RESULT soak " + string.Join(' ', fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}={f.Value}"))));
    }
}
