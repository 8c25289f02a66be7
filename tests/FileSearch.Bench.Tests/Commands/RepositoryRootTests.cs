using FileSearch.Bench.Commands;
using FileSearch.Bench.Commands.Bench.Micro;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests.Commands;

[Trait("Category", "Unit")]
public sealed class RepositoryRootTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-root");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FindFrom_StartDeepInsideCheckout_TheFolderWithSolutionAndMarkers()
    {
        File.WriteAllText(_temp.Combine("FileSearch.slnx"), "<Solution />");
        Directory.CreateDirectory(_temp.Combine("tests", "aws-standins"));
        var deep = Directory.CreateDirectory(_temp.Combine("artifacts", "cli", "x")).FullName;

        Assert.Equal(_temp.Path, RepositoryRoot.FindFrom([deep], "tests/aws-standins"));
        Assert.Equal(_temp.Path, RepositoryRoot.FindFrom([deep]));
    }

    [Fact]
    public void FindFrom_MarkerMissing_Null()
    {
        File.WriteAllText(_temp.Combine("FileSearch.slnx"), "<Solution />");

        Assert.Null(RepositoryRoot.FindFrom([_temp.Path], "benchmarks/FileSearch.Benchmarks/FileSearch.Benchmarks.csproj"));
    }

    [Fact]
    public void FindRepositoryRoot_FromTheTestRun_CheckoutWithTheBenchmarkProject()
    {
        var root = MicroBenchCommand.FindRepositoryRoot();

        Assert.True(File.Exists(MicroBenchCommand.Project(root)), root);
    }
}
