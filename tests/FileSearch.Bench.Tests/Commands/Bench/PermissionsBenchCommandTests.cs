using System.Text.RegularExpressions;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Tests.Commands.Bench;

/// <summary><c>bench permissions</c>: trimmed results agree with the access rule applied to the admin's results, and the RESULT line is printed.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class PermissionsBenchCommandTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task Permissions_SmallIndex_TrimmedResultsCheckedAndResultLinePrinted()
    {
        using var temp = new FileSearch.Testing.TempDirectory("fs-bench-permissions");

        var (exit, output) = await InProcessBench.RunAsync(temp.Path, "bench", "permissions",
            "--documents", "800", "--groups", "100", "--users", "60", "--clients", "2", "--seconds", "1", "--rounds", "1");

        Assert.True(exit == ExitCodes.Success, output);
        var result = ResultLine().Match(output.TrimEnd().Split('\n')[^1]);
        Assert.True(result.Success, output);
        Assert.Equal("0", result.Groups["mismatches"].Value);
        Assert.True(int.Parse(result.Groups["checked"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, output);
    }

    [GeneratedRegex(@"^RESULT permissions documents=800 groups=100 users=60 .* admin_p95_ms=[\d.]+ .* user_p95_ms=[\d.]+ ratio_p95=[\d.]+ checked=(?<checked>\d+) mismatches=(?<mismatches>\d+) target_met=(true|false)$")]
    private static partial Regex ResultLine();
}
