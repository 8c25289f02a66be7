using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests.Commands;

[Trait("Category", "Integration")]
[Collection(ConsoleCollection.Name)]
public sealed class ScalerCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-scaler");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Scaler_NoGroupConfigured_ErrorNamingTheSetting()
    {
        var (exit, output) = await InProcessCli.RunAsync(_temp.Path, "scaler", "--once");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("Scaling:Scaler:GroupName is not set", output, StringComparison.Ordinal);
    }
}
