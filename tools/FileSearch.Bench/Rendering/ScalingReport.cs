using System.Globalization;
using FileSearch.Bench.Simulation;
using Spectre.Console;

namespace FileSearch.Bench.Rendering;

/// <summary>The text output of <c>simulate-scaling</c>: the fleet over time, a summary per policy, RESULT lines last.</summary>
internal static class ScalingReport
{
    private const int MaxRows = 24;
    private const string Bars = "▁▂▃▄▅▆▇█";

    public static void Write(WorkloadProfile workload, IReadOnlyList<SimulationResult> results, SimulationOptions options, string chartPath)
    {
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Profile {workload.Name}: {workload.Arrivals.Count:N0} files over {workload.Duration.TotalHours:0.#} h; {options.InstanceConcurrency} messages per instance at once, boot {options.BootTime.TotalSeconds:0} s, {options.SpotInterruptionsPerInstanceHour} interruptions per instance-hour")));
        AnsiConsole.Write(Timeline(results));
        foreach (var result in results)
        {
            // Plain writes: these lines must not be wrapped at the console width.
            Console.Out.WriteLine($"{result.Policy,-16} instances {Sparkline(result, s => s.Instances)}");
            Console.Out.WriteLine($"{"",-16} depth     {Sparkline(result, s => s.Visible)}");
            Console.Out.WriteLine($"{"",-16} age (min) {Sparkline(result, s => s.OldestAge.TotalMinutes)}");
        }

        var summary = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Policy", "Processed", "Interruptions", "Instance-hours", "Cost (USD)", "Max age", "Minutes over target" })
        {
            summary.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var r in results)
        {
            summary.AddRow(r.Policy, N(r.Processed), N(r.Interruptions), F(r.InstanceHours, "0.00"), F(r.Cost, "0.00"),
                F(r.MaxAge.TotalMinutes, "0.0") + " min", F(r.SloViolationMinutes, "0"));
        }

        AnsiConsole.Write(summary);
        Console.Out.WriteLine($"Chart: {chartPath}");
        foreach (var result in results)
        {
            Console.Out.WriteLine(result.ResultLine);
        }
    }

    private static Table Timeline(IReadOnlyList<SimulationResult> results)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("t (min)").RightAligned());
        foreach (var r in results)
        {
            table.AddColumn(new TableColumn($"{r.Policy}\ninstances").RightAligned());
            table.AddColumn(new TableColumn("depth").RightAligned());
            table.AddColumn(new TableColumn("oldest").RightAligned());
        }

        var length = results.Max(r => r.Samples.Count);
        var step = Math.Max(1, (length + MaxRows - 1) / MaxRows);
        for (var i = 0; i < length; i += step)
        {
            var cells = new List<string> { N((long)results.First(r => r.Samples.Count > i).Samples[i].At.TotalMinutes) };
            foreach (var r in results)
            {
                var s = i < r.Samples.Count ? r.Samples[i] : null;
                cells.AddRange(s is null ? ["", "", ""] : [N(s.Instances), N(s.Visible), F(s.OldestAge.TotalMinutes, "0") + "m"]);
            }

            table.AddRow([.. cells.Select(c => new Text(c))]);
        }

        return table;
    }

    /// <summary>One character per bucket of samples (the bucket's maximum), scaled to the series' maximum.</summary>
    internal static string Sparkline(SimulationResult result, Func<SimulationSample, double> value, int width = 72)
    {
        var samples = result.Samples;
        if (samples.Count == 0)
        {
            return "";
        }

        var bucket = Math.Max(1, (samples.Count + width - 1) / width);
        var maxima = samples.Chunk(bucket).Select(c => c.Max(value)).ToArray();
        var top = Math.Max(1e-9, maxima.Max());
        var line = new string([.. maxima.Select(v => Bars[(int)Math.Round(v / top * (Bars.Length - 1))])]);
        return line + F(top, " (max 0.#)");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
