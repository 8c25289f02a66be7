using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands;

[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class SimulateScalingCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-simulate");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SimulateScaling_CsvProfile_OneResultLinePerPolicyLastAndPngChart()
    {
        var csv = _temp.Combine("upload.csv");
        await File.WriteAllTextAsync(csv, "second,count,type\n# a bulk upload of scans\n0,200,scan\n300,50\n");
        var chart = _temp.Combine("chart.png");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "simulate-scaling", "--profile", csv, "--chart", chart, "--interruptions", "0.5");

        Assert.True(exit == ExitCodes.Success, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("RESULT scaling profile=upload policy=fixed instance_hours=", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith("RESULT scaling profile=upload policy=target-tracking instance_hours=", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("RESULT scaling profile=upload policy=target-tracking-backlog instance_hours=", lines[^1], StringComparison.Ordinal);
        Assert.Matches(@"max_age_s=\d+ slo_violation_min=\d+$", lines[^1]);
        Assert.Contains("instances ", output, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(chart);
        Assert.True(png.Length > 10_000);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task SimulateScaling_UnknownProfile_UsageErrorNamingTheChoices()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "simulate-scaling", "--profile", "nope", "--chart", _temp.Combine("x.png"));

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("unknown profile 'nope': use steady, burst, diurnal", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulateScaling_BadCsvRow_ErrorNamingTheLine()
    {
        var csv = _temp.Combine("bad.csv");
        await File.WriteAllTextAsync(csv, "0,10\n5,many\n");

        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "simulate-scaling", "--profile", csv, "--chart", _temp.Combine("x.png"));

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("workload CSV line 2", output, StringComparison.Ordinal);
    }
}
