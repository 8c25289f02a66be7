using System.Globalization;

namespace FileSearch.Bench.Simulation;

/// <summary>One file event arriving on the queue.</summary>
/// <param name="At">Time since the start of the workload.</param>
/// <param name="FileType">One of <see cref="ProcessingTimes"/>' types (or any name from a CSV).</param>
/// <param name="ServiceTime">Time the message occupies one worker slot.</param>
public sealed record Arrival(TimeSpan At, string FileType, TimeSpan ServiceTime);

/// <summary>A workload: arrivals in time order over a duration. Generated deterministically from a seed.</summary>
public sealed class WorkloadProfile
{
    private WorkloadProfile(string name, TimeSpan duration, IReadOnlyList<Arrival> arrivals)
    {
        Name = name;
        Duration = duration;
        Arrivals = arrivals;
    }

    public string Name { get; }

    public TimeSpan Duration { get; }

    public IReadOnlyList<Arrival> Arrivals { get; }

    /// <summary>Builds a profile from arrivals (sorted here).</summary>
    public static WorkloadProfile Create(string name, TimeSpan duration, IEnumerable<Arrival> arrivals) =>
        new(name, duration, [.. arrivals.OrderBy(a => a.At)]);

    /// <summary>Office hours: one file a second of the usual mix for 2 hours.</summary>
    public static WorkloadProfile Steady(int seed = 42) =>
        Poisson("steady", TimeSpan.FromHours(2), _ => 1.0, new Random(seed));

    /// <summary>
    /// A bulk upload: a background of 0.2 files/s for 2 hours plus <paramref name="burstCount"/> scanned PDFs
    /// (60 s each by default) landing at once at minute 10.
    /// </summary>
    public static WorkloadProfile Burst(int seed = 42, int burstCount = 1000, TimeSpan? burstServiceTime = null)
    {
        var random = new Random(seed);
        var background = Poisson("burst", TimeSpan.FromHours(2), _ => 0.2, random).Arrivals;
        var service = burstServiceTime ?? ProcessingTimes.Defaults[ProcessingTimes.Scan];
        var burst = Enumerable.Range(0, burstCount).Select(_ => new Arrival(TimeSpan.FromMinutes(10), ProcessingTimes.Scan, service));
        return Create("burst", TimeSpan.FromHours(2), background.Concat(burst));
    }

    /// <summary>A working day in Japan: a trickle at night (0.05/s), rising to 1.5 files/s at 13:00, over 24 hours.</summary>
    public static WorkloadProfile Diurnal(int seed = 42) =>
        Poisson("diurnal", TimeSpan.FromHours(24), t =>
        {
            var hour = t.TotalHours % 24;
            var day = hour is >= 8 and <= 18 ? Math.Sin(Math.PI * (hour - 8) / 10) : 0;
            return 0.05 + (1.5 * day);
        }, new Random(seed));

    /// <summary>
    /// Reads a CSV of rows <c>second,count[,type]</c> (<c>#</c> comments and a header row are skipped): <c>count</c>
    /// files of <c>type</c> (default <c>pdf</c>) arrive at <c>second</c>.
    /// </summary>
    public static WorkloadProfile FromCsv(string name, TextReader reader, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var random = new Random(seed);
        var arrivals = new List<Arrival>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (line.TrimStart().StartsWith('#') || fields[0].Length == 0 || (lineNumber == 1 && !char.IsAsciiDigit(fields[0][0])))
            {
                continue;
            }

            if (fields.Length < 2
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var second) || second < 0
                || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0 || count > 1_000_000)
            {
                throw new FormatException($"workload CSV line {lineNumber}: expected 'second,count[,type]' with second >= 0 and 0 <= count <= 1000000, got '{line}'");
            }

            var type = fields.Length > 2 && fields[2].Length > 0 ? fields[2] : ProcessingTimes.Pdf;
            arrivals.AddRange(Enumerable.Range(0, count).Select(_ => new Arrival(TimeSpan.FromSeconds(second), type, ProcessingTimes.Draw(type, random))));
        }

        var duration = arrivals.Count == 0 ? TimeSpan.Zero : arrivals.Max(a => a.At) + TimeSpan.FromMinutes(1);
        return Create(name, duration, arrivals);
    }

    /// <summary>Poisson arrivals with a time-varying rate (files per second), by thinning.</summary>
    private static WorkloadProfile Poisson(string name, TimeSpan duration, Func<TimeSpan, double> ratePerSecond, Random random)
    {
        var peak = Enumerable.Range(0, (int)duration.TotalMinutes + 1).Max(m => ratePerSecond(TimeSpan.FromMinutes(m)));
        var arrivals = new List<Arrival>();
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - random.NextDouble()) / peak;
            if (t >= duration.TotalSeconds)
            {
                break;
            }

            var at = TimeSpan.FromSeconds(t);
            if (random.NextDouble() * peak <= ratePerSecond(at))
            {
                var type = ProcessingTimes.DrawType(random);
                arrivals.Add(new Arrival(at, type, ProcessingTimes.Draw(type, random)));
            }
        }

        return new(name, duration, arrivals);
    }
}
