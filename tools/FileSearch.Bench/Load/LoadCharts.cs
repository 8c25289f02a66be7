using ScottPlot;

namespace FileSearch.Bench.Load;

/// <summary>The PNG charts of a load run (ScottPlot): send latency over time, and the queue over time.</summary>
internal static class LoadCharts
{
    /// <summary>Seconds per bucket of the per-window series (throughput, latency percentiles).</summary>
    public const double WindowSeconds = 5;

    /// <summary>Every send's latency as a point, with the p50 and p95 of each window as lines.</summary>
    public static void WriteLatency(string path, LoadStatistics statistics, string title)
    {
        var sends = statistics.Sends;
        var plot = new Plot();
        if (sends.Count > 0)
        {
            var points = plot.Add.Scatter(sends.Select(s => s.At.TotalSeconds).ToArray(), sends.Select(s => s.Milliseconds).ToArray());
            points.LineWidth = 0;
            points.MarkerSize = 3;
            points.LegendText = "send";
            var windows = sends.GroupBy(s => Math.Floor(s.At.TotalSeconds / WindowSeconds)).OrderBy(g => g.Key).ToList();
            var xs = windows.Select(w => (w.Key + 0.5) * WindowSeconds).ToArray();
            foreach (var percentile in new[] { 50.0, 95.0 })
            {
                var line = plot.Add.ScatterLine(xs, windows.Select(w => LoadStatistics.Percentile(w.Select(s => s.Milliseconds), percentile)).ToArray());
                line.LineWidth = 2;
                line.LegendText = $"p{percentile:0} per {WindowSeconds:0} s";
            }
        }

        plot.Title(title);
        plot.XLabel("seconds since start");
        plot.YLabel("SQS SendMessage latency (ms)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1200, 500);
    }

    /// <summary>Three panels: users and throughput, queue depth, age of the oldest unfinished message.</summary>
    public static void WriteQueue(string path, LoadStatistics statistics, string title)
    {
        var samples = statistics.Samples;
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        if (samples.Count > 1)
        {
            var xs = samples.Select(s => s.At.TotalSeconds).ToArray();
            var top = multiplot.GetPlot(0);
            Line(top, xs, samples.Select(s => (double)s.Users).ToArray(), "users");
            var rates = samples.Zip(samples.Skip(1), (a, b) => (At: b.At.TotalSeconds, Span: (b.At - a.At).TotalSeconds, Sent: b.Sent - a.Sent, Finished: b.Finished - a.Finished))
                .Where(r => r.Span > 0).ToList();
            Line(top, rates.Select(r => r.At).ToArray(), Smooth(rates.Select(r => r.Sent / r.Span).ToArray()), "sent/s");
            Line(top, rates.Select(r => r.At).ToArray(), Smooth(rates.Select(r => r.Finished / r.Span).ToArray()), "processed/s");
            top.YLabel("users, messages/s (5 s mean)");

            var middle = multiplot.GetPlot(1);
            Line(middle, xs, samples.Select(s => (double)s.Visible).ToArray(), "visible");
            Line(middle, xs, samples.Select(s => (double)s.InFlight).ToArray(), "in flight");
            middle.YLabel("queue depth");

            var bottom = multiplot.GetPlot(2);
            Line(bottom, xs, samples.Select(s => s.OldestAgeSeconds).ToArray(), "oldest unfinished message");
            bottom.YLabel("age (s)");
        }

        for (var i = 0; i < 3; i++)
        {
            multiplot.GetPlot(i).XLabel("seconds since start");
            multiplot.GetPlot(i).ShowLegend(Alignment.UpperLeft);
        }

        multiplot.GetPlot(0).Title(title);
        multiplot.SavePng(path, 1200, 900);
    }

    private static void Line(Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.ScatterLine(xs, ys);
        line.LineWidth = 2;
        line.LegendText = label;
    }

    /// <summary>Mean over the last <see cref="WindowSeconds"/> samples (one a second), so one-second spikes do not hide the trend.</summary>
    internal static double[] Smooth(double[] values)
    {
        var window = (int)WindowSeconds;
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var from = Math.Max(0, i - window + 1);
            result[i] = values[from..(i + 1)].Average();
        }

        return result;
    }
}
