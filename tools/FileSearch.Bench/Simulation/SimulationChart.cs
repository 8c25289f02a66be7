using ScottPlot;

namespace FileSearch.Bench.Simulation;

/// <summary>Draws the simulated runs (instances, queue depth, oldest-message age over time) to a PNG with ScottPlot.</summary>
public static class SimulationChart
{
    /// <summary>Writes a three-panel chart comparing <paramref name="results"/> to <paramref name="path"/>.</summary>
    public static void WritePng(string path, IReadOnlyList<SimulationResult> results, TimeSpan latencyTarget, int width = 1200, int height = 900)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(results);
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        var panels = new (string Label, Func<SimulationSample, double> Value)[]
        {
            ("instances", s => s.Instances),
            ("queue depth (visible)", s => s.Visible),
            ("oldest unfinished message (min)", s => s.OldestAge.TotalMinutes),
        };

        for (var p = 0; p < panels.Length; p++)
        {
            var plot = multiplot.GetPlot(p);
            foreach (var result in results)
            {
                var xs = result.Samples.Select(s => s.At.TotalMinutes).ToArray();
                var ys = result.Samples.Select(panels[p].Value).ToArray();
                var line = plot.Add.ScatterLine(xs, ys);
                line.LegendText = result.Policy;
                line.LineWidth = 2;
            }

            if (p == 2)
            {
                var target = plot.Add.HorizontalLine(latencyTarget.TotalMinutes);
                target.LinePattern = LinePattern.Dashed;
                target.LegendText = "latency target";
            }

            plot.YLabel(panels[p].Label);
            plot.XLabel("minutes");
            plot.ShowLegend(Alignment.UpperRight);
        }

        multiplot.GetPlot(0).Title(results.Count > 0 ? $"Auto scaling simulation: {results[0].Profile}" : "Auto scaling simulation");
        multiplot.SavePng(path, width, height);
    }
}
