using FileSearch.Bench.Commands.Soak;
using FileSearch.Cli.Commands;
using FileSearch.Testing;
using Spectre.Console;

namespace FileSearch.Bench.Tests.Commands.Soak;

[Trait("Category", "Unit")]
[Collection(ConsoleCollection.Name)]
public sealed class SoakCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-soak-cmd");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--files", "0", "must be at least")]
    [InlineData("--kills", "-1", "must be at least")]
    [InlineData("--concurrency", "0", "must be at least")]
    [InlineData("--wire-faults", "0.5", "error: --wire-*:")]
    [InlineData("--wire-resets", "-0.1", "error: --wire-*:")]
    [InlineData("--wire-dropped-replies", "2", "error: --wire-*:")]
    public async Task Soak_InvalidNumbers_FailsWithUsageMessage(string option, string value, string message)
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "soak", option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_RepositoryWithoutStandIns_SaysWhereTheyWereLookedFor()
    {
        var (exit, output) = await InProcessBench.RunAsync(_temp.Path, "soak", "--files", "3", "--repo", _temp.Path);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("AWS stand-ins are not at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureStandIns_NpmCiFails_ThrowsWithNpmOutput()
    {
        File.WriteAllText(_temp.Combine("package-lock.json"), "{ this is not a lock file");
        File.WriteAllText(_temp.Combine("package.json"), "{ \"name\": \"broken\", \"version\": \"1.0.0\" }");

        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SoakPrerequisites.EnsureStandInsAsync(_temp.Path, console, CancellationToken.None));

        Assert.Contains("`npm ci` failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("Installing the AWS stand-ins", output.ToString(), StringComparison.Ordinal);
    }
}
