using System.Globalization;
using System.Text;

namespace FileSearch.Bench.Commands.Bench.Micro;

/// <summary>One row of a BenchmarkDotNet summary: one method of one benchmark class under one job.</summary>
/// <param name="Type">The benchmark class (empty when the report has no <c>Type</c> column).</param>
/// <param name="Method">The method, or its <c>Description</c> (BenchmarkDotNet quotes descriptions: the quotes are removed).</param>
/// <param name="Category">The first benchmark category, or empty.</param>
/// <param name="MeanNs">Mean time per operation in nanoseconds; null when the benchmark failed (<c>NA</c>).</param>
/// <param name="MinNs">Fastest iteration in nanoseconds, when the report has a <c>Min</c> column.</param>
internal sealed record MicroBenchmarkRow(string Type, string Method, string Job, string Category, bool IsBaseline, double? MeanNs, double? MinNs);

/// <summary>
/// Reads the <c>*-report.csv</c> that BenchmarkDotNet's <c>CsvExporter</c> writes to <c>results/</c>: one header row, then
/// one row per benchmark; times carry their unit in the cell (<c>15.986 ms</c>) or in the header (<c>Mean [ms]</c>).
/// The <c>Baseline</c> column (<c>Yes</c>/<c>No</c>, added by the benchmarks' MicroConfig) marks each group's baseline.
/// </summary>
internal static class BenchmarkCsvReport
{
    public static IReadOnlyList<MicroBenchmarkRow> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            throw new FormatException("the BenchmarkDotNet CSV report is empty");
        }

        var header = SplitLine(lines[0]);
        var method = Column(header, "Method") ?? throw new FormatException("the BenchmarkDotNet CSV report has no Method column");
        var mean = Column(header, "Mean") ?? throw new FormatException("the BenchmarkDotNet CSV report has no Mean column");
        var (type, job, categories, baseline, min) = (Column(header, "Type"), Column(header, "Job"), Column(header, "Categories"), Column(header, "Baseline"), Column(header, "Min"));
        var rows = new List<MicroBenchmarkRow>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var cells = SplitLine(line);
            string Cell(int? index) => index is { } i && i < cells.Count ? cells[i] : "";
            rows.Add(new MicroBenchmarkRow(
                Cell(type),
                Cell(method).Trim('\''),
                Cell(job),
                Cell(categories).Split(',', StringSplitOptions.TrimEntries)[0],
                string.Equals(Cell(baseline), "Yes", StringComparison.OrdinalIgnoreCase),
                ParseTime(Cell(mean), UnitOf(header[mean])),
                min is null ? null : ParseTime(Cell(min), UnitOf(header[min.Value]))));
        }

        return rows;
    }

    /// <summary>Nanoseconds in <paramref name="cell"/> (<c>1,234.5 μs</c>, or a bare number in <paramref name="headerUnit"/>); null for <c>NA</c>, <c>-</c> or empty.</summary>
    internal static double? ParseTime(string cell, string? headerUnit)
    {
        var text = cell.Replace(",", "", StringComparison.Ordinal).Trim();
        if (text.Length == 0 || text is "NA" or "-" or "?")
        {
            return null;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var number = space < 0 ? text : text[..space];
        var unit = space < 0 ? headerUnit ?? "ns" : text[(space + 1)..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"'{cell}' is not a BenchmarkDotNet time");
        }

        return value * unit switch
        {
            "ns" => 1,
            "μs" or "µs" or "us" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            _ => throw new FormatException($"'{cell}' has an unknown time unit '{unit}'"),
        };
    }

    /// <summary>The column called <paramref name="name"/>, or <c>name [unit]</c>.</summary>
    private static int? Column(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == name || header[i].StartsWith(name + " [", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    private static string? UnitOf(string header)
    {
        var open = header.IndexOf('[', StringComparison.Ordinal);
        return open < 0 ? null : header[(open + 1)..].TrimEnd(']').Trim();
    }

    /// <summary>One CSV record (RFC 4180: fields with a comma or a quote are quoted, quotes doubled).</summary>
    internal static List<string> SplitLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
