using System.Text;
using FileSearch.Aws;
using FileSearch.Bench.Commands.Soak;
using FileSearch.Core.Resilience;
using FileSearch.Testing.StandIns;

namespace FileSearch.Bench.Tests.Commands.Soak;

[Trait("Category", "Unit")]
public class SoakInputsTests
{
    private static string Repository => Path.GetFullPath(Path.Combine(AwsStandIns.Directory, "..", ".."));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(30, 3)]
    [InlineData(1000, 20)]
    public void PoisonCount_Files_TwoPercentAtLeastThree(int files, int poison) =>
        Assert.Equal(poison, SoakCorpus.PoisonCount(files));

    [Fact]
    public void Create_SameSeed_SameInputsWithEveryPoisonKind()
    {
        var a = SoakCorpus.Create(60, 5, CreateSettings().SamplePdf);
        var b = SoakCorpus.Create(60, 5, CreateSettings().SamplePdf);

        Assert.Equal(a.Select(f => (f.Key, f.Content.Length, f.Body)), b.Select(f => (f.Key, f.Content.Length, f.Body)));
        Assert.Equal(60, a.Select(f => f.Key).Distinct().Count());
        Assert.Equal([SoakCorpus.CorruptPdf, SoakCorpus.EmptyFile, SoakCorpus.MalformedMessage], a.Where(f => f.IsPoison).Select(f => f.Poison!).Distinct().Order());
        Assert.Contains(a, f => f.Key.EndsWith(".png", StringComparison.Ordinal) && f.Content.AsSpan(1, 3).SequenceEqual("PNG"u8));
        Assert.Contains(a, f => f.Key.EndsWith(".pdf", StringComparison.Ordinal) && !f.IsPoison && Encoding.ASCII.GetString(f.Content, 0, 5) == "%PDF-");
        Assert.Contains(a, f => f.Key.EndsWith(".txt", StringComparison.Ordinal) && Encoding.UTF8.GetString(f.Content).Contains('。', StringComparison.Ordinal));
    }

    [Fact]
    public void WorkerEnvironment_Run_ChaosOnEveryDependencyAndAbsoluteOutage()
    {
        var start = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var aws = new AwsOptions { Region = "us-east-1", SqsServiceUrl = new("http://127.0.0.1:1/"), S3ServiceUrl = new("http://127.0.0.1:1/"), DynamoDbServiceUrl = new("http://127.0.0.1:2/") };

        var env = CreateSettings().WorkerEnvironment(aws, start, run: 2);

        Assert.All(ResilienceDependencies.All, d => Assert.Equal("true", env[$"FILESEARCH_Resilience__Chaos__{d}__Enabled"]));
        Assert.Equal("0.1", env["FILESEARCH_Resilience__Chaos__Queue__FaultRate"]);
        Assert.Equal("2007", env["FILESEARCH_Resilience__Chaos__Index__Seed"]);
        Assert.Equal("2026-11-24T10:00:30.0000000+00:00", env["FILESEARCH_Resilience__Chaos__Index__Outages__0__Start"]);
        Assert.Equal("00:00:20", env["FILESEARCH_Resilience__Chaos__Index__Outages__0__Duration"]);
        Assert.Equal("Throttled", env["FILESEARCH_Resilience__Chaos__Embeddings__Outages__0__Kind"]);
        Assert.Equal("test", env["AWS_ACCESS_KEY_ID"]);
    }

    [Fact]
    public void IndexedKeys_NoIndexYet_Empty()
    {
        using var temp = new FileSearch.Testing.TempDirectory("fs-soak-index");

        Assert.Empty(SoakVerifier.IndexedKeys(temp.Combine("index")));
    }

    private static SoakSettings CreateSettings() => new(60, 3, 7, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 2,
        Repository, Path.GetTempPath());
}
