using System.Globalization;

namespace FileSearch.Bench.Load;

/// <summary>
/// A load shape from the seed's Locust runs: how many simulated users, how many start per second, for how long.
/// Each user waits 1-3 s between tasks, like the seed's <c>wait_time = between(1, 3)</c>.
/// </summary>
/// <param name="Name">load, spike or stress (or custom).</param>
/// <param name="Users">Simulated users at full strength.</param>
/// <param name="SpawnRate">Users started per second until all run.</param>
/// <param name="Duration">How long users send, from the first user's start.</param>
public sealed record LoadScenario(string Name, int Users, double SpawnRate, TimeSpan Duration)
{
    /// <summary>The seed's three runs: load (10 users, 2/s, 10 min), spike (50, 10/s, 5 min), stress (100, 5/s, 30 min).</summary>
    public static IReadOnlyDictionary<string, LoadScenario> Presets { get; } = new Dictionary<string, LoadScenario>(StringComparer.OrdinalIgnoreCase)
    {
        ["load"] = new("load", 10, 2, TimeSpan.FromMinutes(10)),
        ["spike"] = new("spike", 50, 10, TimeSpan.FromMinutes(5)),
        ["stress"] = new("stress", 100, 5, TimeSpan.FromMinutes(30)),
    };

    /// <summary>The preset named <paramref name="name"/> with any of the given values replacing its own.</summary>
    /// <exception cref="ArgumentException">Unknown scenario or values out of range.</exception>
    public static LoadScenario Resolve(string name, int? users, double? spawnRate, TimeSpan? duration)
    {
        if (!Presets.TryGetValue(name, out var preset))
        {
            throw new ArgumentException($"--scenario must be one of: {string.Join(", ", Presets.Keys)}");
        }

        var scenario = preset with
        {
            Users = users ?? preset.Users,
            SpawnRate = spawnRate ?? preset.SpawnRate,
            Duration = duration ?? preset.Duration,
        };
        if (scenario.Users is < 1 or > 1000 || scenario.SpawnRate is <= 0 or > 1000 || scenario.Duration <= TimeSpan.Zero || scenario.Duration > TimeSpan.FromHours(4))
        {
            throw new ArgumentException("--users must be 1-1000, --spawn-rate above 0 (at most 1000) and --duration above 0 (at most 4h)");
        }

        return scenario;
    }

    /// <summary>Parses <c>90</c> (seconds), <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>00:01:30</c>.</summary>
    /// <exception cref="FormatException">Not one of those forms.</exception>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        var (number, scale) = unit switch
        {
            's' => (text[..^1], 1.0),
            'm' => (text[..^1], 60.0),
            'h' => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new FormatException($"'{text}' is not a duration (e.g. 60, 30s, 5m, 1h, 00:01:30)");
    }
}
