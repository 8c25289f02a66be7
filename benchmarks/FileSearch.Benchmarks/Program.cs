using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FileSearch.Benchmarks;

// dotnet run -c Release --project benchmarks/FileSearch.Benchmarks -- [--filter '*Knn*'] [--job default] [BenchmarkDotNet options]
// Without arguments every benchmark runs. The last line is "RESULT micro ..." with each of our implementations'
// fastest iteration (<key>_us: the minimum is the figure least disturbed by other processes sharing the cores) and
// its speed-up over the alternative it is compared with (<key>_x = alternative's minimum / ours).
var arguments = args.Length == 0 || !args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f" || a.StartsWith("--list", StringComparison.Ordinal))
    ? [.. args, "--filter", "*"]
    : args;
var userChoseJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
var config = MicroConfig.Create(RepositoryArtifacts(), userChoseJob);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(arguments, config).ToList();
if (summaries.Count > 0)
{
    Console.WriteLine(ResultLine(summaries));
}

return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

static string ResultLine(IReadOnlyList<Summary> summaries)
{
    var reports = summaries.SelectMany(s => s.Reports).ToList();
    var line = new StringBuilder("RESULT micro");
    line.Append(CultureInfo.InvariantCulture, $" benchmarks={reports.Count} failed={reports.Count(r => !r.Success)}");
    foreach (var report in reports.Where(r => r.Success && !r.BenchmarkCase.Descriptor.Baseline))
    {
        var category = report.BenchmarkCase.Descriptor.Categories.FirstOrDefault() ?? "misc";
        var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
        var key = method.EndsWith("Ours", StringComparison.Ordinal) || method == "Ours"
            ? category
            : $"{category}_{method.ToLowerInvariant()}";
        var fastest = report.ResultStatistics!.Min;
        line.Append(CultureInfo.InvariantCulture, $" {key}_us={fastest / 1000:0.###}");
        var baseline = reports.FirstOrDefault(r => r.Success && r.BenchmarkCase.Descriptor.Baseline
            && r.BenchmarkCase.Descriptor.Type == report.BenchmarkCase.Descriptor.Type
            && r.BenchmarkCase.Descriptor.Categories.FirstOrDefault() == category);
        if (baseline?.ResultStatistics is { } b)
        {
            line.Append(CultureInfo.InvariantCulture, $" {key}_x={b.Min / fastest:0.##}");
        }
    }

    return line.ToString();
}

static string RepositoryArtifacts()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "FileSearch.slnx")))
        {
            return Path.Combine(dir.FullName, "artifacts", "benchmarks");
        }
    }

    return Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
}
