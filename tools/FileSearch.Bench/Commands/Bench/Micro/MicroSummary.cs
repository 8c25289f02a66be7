using System.Globalization;
using System.Text;

namespace FileSearch.Bench.Commands.Bench.Micro;

/// <summary>
/// The benchmarks of one comparison: the methods of one class, category and job, with the <c>Baseline = true</c>
/// alternative and "ours", the implementation the RESULT line reports (the first method whose description says
/// "(ours", else the last non-baseline method).
/// </summary>
internal sealed record MicroGroup(string Key, IReadOnlyList<MicroBenchmarkRow> Rows, MicroBenchmarkRow? Baseline, MicroBenchmarkRow? Ours)
{
    /// <summary>Baseline mean ÷ <paramref name="row"/>'s mean: above 1, <paramref name="row"/> is faster.</summary>
    public double? SpeedUp(MicroBenchmarkRow row) =>
        Baseline?.MeanNs is { } b && row.MeanNs is { } m && m > 0 ? b / m : null;
}

/// <summary>Groups the rows of a BenchmarkDotNet report and renders the compact table and the <c>RESULT micro</c> line.</summary>
internal static class MicroSummary
{
    public static IReadOnlyList<MicroGroup> Group(IReadOnlyList<MicroBenchmarkRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = rows.GroupBy(r => (r.Type, r.Category, r.Job)).ToList();
        var keys = groups.Select(g => ShortName(g.Key.Type, g.Key.Category)).ToList();
        var jobs = groups.Select(g => g.Key.Job).Distinct().Count();
        return [.. groups.Select((g, i) =>
        {
            // Two classes may share a category, and one run may hold several jobs: keep every key distinct.
            var key = groups.Where((_, j) => keys[j] == keys[i]).Select(o => o.Key.Type).Distinct().Count() > 1
                ? $"{ShortName(g.Key.Type, "")}_{keys[i]}"
                : keys[i];
            key = jobs > 1 ? $"{key}_{Sanitize(g.Key.Job)}" : key;
            var members = g.ToList();
            var others = members.Where(r => !r.IsBaseline).ToList();
            var ours = others.FirstOrDefault(r => r.Method.Contains("(ours", StringComparison.OrdinalIgnoreCase)) ?? others.LastOrDefault();
            return new MicroGroup(key, members, members.FirstOrDefault(r => r.IsBaseline), ours);
        })];
    }

    /// <summary>A Markdown table: group, benchmark, mean, min, speed-up over the group's baseline (* marks "ours").</summary>
    public static string Table(IReadOnlyList<MicroGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var rows = new List<string[]> { new[] { "Group", "Benchmark", "Mean", "Min", "Baseline ÷ mean" } };
        foreach (var group in groups)
        {
            foreach (var row in group.Rows)
            {
                var speedUp = row.IsBaseline ? "baseline" : group.SpeedUp(row) is { } x ? Invariant($"{x:0.00}×") : "-";
                var name = ReferenceEquals(row, group.Ours) ? row.Method + " *" : row.Method;
                rows.Add([group.Key, name, Time(row.MeanNs), Time(row.MinNs), speedUp]);
            }
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var r = 0; r < rows.Count; r++)
        {
            text.Append('|');
            for (var c = 0; c < widths.Length; c++)
            {
                text.Append(' ').Append(c >= 2 ? rows[r][c].PadLeft(widths[c]) : rows[r][c].PadRight(widths[c])).Append(" |");
            }

            text.Append('\n');
            if (r == 0)
            {
                text.Append('|').AppendJoin('|', widths.Select((w, c) => c >= 2 ? new string('-', w + 1) + ":" : new string('-', w + 2))).Append("|\n");
            }
        }

        return text.Append("* the implementation the RESULT line compares with its group's baseline").ToString();
    }

    /// <summary><c>RESULT micro benchmarks=N &lt;group&gt;_ratio=&lt;baseline mean ÷ ours&gt; ... failed=N</c>.</summary>
    public static string ResultLine(IReadOnlyList<MicroGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var rows = groups.SelectMany(g => g.Rows).ToList();
        var line = new StringBuilder(Invariant($"RESULT micro benchmarks={rows.Count}"));
        foreach (var group in groups)
        {
            if (group.Ours is { } ours && group.SpeedUp(ours) is { } ratio)
            {
                line.Append(Invariant($" {group.Key}_ratio={ratio:0.###}"));
            }
        }

        return line.Append(Invariant($" failed={rows.Count(r => r.MeanNs is null)}")).ToString();
    }

    internal static string Time(double? ns) => ns switch
    {
        null => "NA",
        < 1e3 => Invariant($"{ns:0.0} ns"),
        < 1e6 => Invariant($"{ns / 1e3:0.00} µs"),
        < 1e9 => Invariant($"{ns / 1e6:0.00} ms"),
        _ => Invariant($"{ns / 1e9:0.00} s"),
    };

    /// <summary>The category, else the class name without "Benchmarks", as a RESULT key (lower case, letters, digits, _).</summary>
    private static string ShortName(string type, string category) =>
        Sanitize(category.Length > 0 ? category : type.EndsWith("Benchmarks", StringComparison.Ordinal) ? type[..^"Benchmarks".Length] : type);

    private static string Sanitize(string name)
    {
        var key = new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]).Trim('_');
        return key.Length == 0 ? "benchmark" : key;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
