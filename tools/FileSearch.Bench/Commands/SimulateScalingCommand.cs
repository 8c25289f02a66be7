using System.CommandLine;
using FileSearch.Bench.Rendering;
using FileSearch.Bench.Simulation;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Commands;

/// <summary>
/// <c>simulate-scaling --profile steady|burst|diurnal|&lt;csv&gt;</c>: the seed's fixed policy and target tracking on
/// the same simulated workload; prints the fleet over time, cost and lateness, writes a PNG chart, and ends with one
/// <c>RESULT scaling ...</c> line per policy.
/// </summary>
public static class SimulateScalingCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var profile = new Option<string>("--profile", "-p") { Description = "steady, burst, diurnal, or a CSV of 'second,count[,type]' rows", DefaultValueFactory = _ => "burst" };
        var chart = new Option<string?>("--chart") { Description = "PNG chart path (default: scaling-<profile>.png in the current directory)" };
        var min = new Option<int>("--min") { Description = "Minimum capacity", DefaultValueFactory = _ => 1 };
        var max = new Option<int>("--max") { Description = "Maximum capacity", DefaultValueFactory = _ => 20 };
        var concurrency = new Option<int>("--concurrency") { Description = "Messages one instance processes at once", DefaultValueFactory = _ => 4 };
        var price = new Option<double>("--spot-price") { Description = "Spot price, USD per instance-hour", DefaultValueFactory = _ => 0.07 };
        var interruptions = new Option<double>("--interruptions") { Description = "Spot interruptions per instance-hour", DefaultValueFactory = _ => 0.05 };
        var target = new Option<double>("--latency-target") { Description = "Indexing latency target, minutes", DefaultValueFactory = _ => 15 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same run)", DefaultValueFactory = _ => 42 };
        var command = new Command("simulate-scaling", "Simulate auto scaling policies on a workload (cost and latency)")
        {
            profile, chart, min, max, concurrency, price, interruptions, target, seed,
        };
        ArgumentNullException.ThrowIfNull(globals);
        command.SetAction(parse =>
        {
            try
            {
                var minimum = parse.GetValue(min);
                var maximum = parse.GetValue(max);
                var parallel = parse.GetValue(concurrency);
                if (minimum < 0 || maximum < 1 || minimum > maximum || parallel < 1)
                {
                    throw new ArgumentException("--min must be 0..--max, --max at least 1 and --concurrency at least 1");
                }

                var options = new SimulationOptions
                {
                    InstanceConcurrency = parallel,
                    SpotPricePerHour = parse.GetValue(price),
                    SpotInterruptionsPerInstanceHour = parse.GetValue(interruptions),
                    LatencyTarget = TimeSpan.FromMinutes(parse.GetValue(target)),
                    Seed = parse.GetValue(seed),
                };
                var workload = LoadProfile(parse.GetValue(profile)!, options.Seed);
                SimulationResult[] results =
                [
                    ScalingSimulator.Run(workload, "fixed", ScalingSimulator.SeedFixedPolicy(minimum, maximum), options),
                    ScalingSimulator.Run(workload, "target-tracking", ScalingSimulator.TargetTrackingPolicy(minimum, maximum, parallel), options),
                    ScalingSimulator.Run(workload, "target-tracking-backlog", ScalingSimulator.BacklogOnlyPolicy(minimum, maximum, parallel), options),
                ];
                var chartPath = Path.GetFullPath(parse.GetValue(chart) ?? $"scaling-{workload.Name}.png");
                SimulationChart.WritePng(chartPath, results, options.LatencyTarget);
                ScalingReport.Write(workload, results, options, chartPath);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
            {
                return CommandRunner.ReportError(ex, parse.GetValue(globals.Verbose));
            }
        });
        return command;
    }

    private static WorkloadProfile LoadProfile(string name, int seed) => name.ToLowerInvariant() switch
    {
        "steady" => WorkloadProfile.Steady(seed),
        "burst" => WorkloadProfile.Burst(seed),
        "diurnal" => WorkloadProfile.Diurnal(seed),
        _ when File.Exists(name) => ReadCsv(name, seed),
        _ => throw new ArgumentException($"unknown profile '{name}': use steady, burst, diurnal or the path of a CSV file"),
    };

    private static WorkloadProfile ReadCsv(string path, int seed)
    {
        using var reader = new StreamReader(path);
        return WorkloadProfile.FromCsv(Path.GetFileNameWithoutExtension(path), reader, seed);
    }
}
