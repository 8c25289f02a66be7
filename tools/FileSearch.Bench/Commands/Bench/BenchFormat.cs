using System.Globalization;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>Medians of rounds and the invariant number formats of benchmark tables and RESULT lines.</summary>
internal static class BenchFormat
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Two decimals; "n/a" for a negative (unknown) value.</summary>
    public static string F(double value) => value < 0 ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
