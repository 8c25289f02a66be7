using FileSearch.Cli.Commands;
using FileSearch.Testing;
using NetVips;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// Embedder outage on the embedded backends: ingest with an unreachable Bedrock endpoint indexes the image without a
/// vector and marks it; <c>backfill vectors</c> with the local embedder completes it, once.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BackfillVectorsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(50);
    private readonly TempDirectory _temp = new("fs-cli-backfill");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task BackfillVectors_AfterEmbedderOutage_VectorsWrittenOnceAndSimilarWorks()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var photo = Path.Combine(docs, "photo.png");
        using (var image = Image.Xyz(96, 64).Cast(Enums.BandFormat.Uchar))
        {
            image.WriteToFile(photo);
        }

        await File.WriteAllTextAsync(Path.Combine(docs, "memo.txt"), "打ち合わせのメモです。");

        var ingest = await RunIngestWithUnreachableBedrockAsync(docs);
        var before = await InProcessCli.RunAsync(DataDir, "show", photo);
        var similarBefore = await InProcessCli.RunAsync(DataDir, "similar", photo);
        var backfill = await InProcessCli.RunAsync(DataDir, "backfill", "vectors", "--limit", "10");
        var again = await InProcessCli.RunAsync(DataDir, "backfill", "vectors");
        var after = await InProcessCli.RunAsync(DataDir, "show", photo);
        var similarAfter = await InProcessCli.RunAsync(DataDir, "similar", photo);

        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        Assert.Contains("pending (embedder was unavailable", before.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, similarBefore.ExitCode);
        Assert.True(backfill.ExitCode == ExitCodes.Success, backfill.Output);
        Assert.Contains("Backfilled 1 vector(s); 0 still pending.", backfill.Output, StringComparison.Ordinal);
        Assert.Contains("No document waits for a vector backfill.", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pending (embedder", after.Output, StringComparison.Ordinal);
        Assert.Contains("INDEXED", after.Output, StringComparison.Ordinal);
        Assert.True(similarAfter.ExitCode == ExitCodes.Success, similarAfter.Output);
    }

    // Port 9 (discard) on loopback refuses the connection at once: the embedder is unavailable, not slow.
    private Task<(int ExitCode, string Output)> RunIngestWithUnreachableBedrockAsync(string docs) =>
        CliProcess.RunAsync(DataDir, Timeout, new Dictionary<string, string>
        {
            ["FILESEARCH_Backends__Embedder"] = "bedrock",
            ["FILESEARCH_Bedrock__Endpoint"] = "http://127.0.0.1:9",
            ["FILESEARCH_Bedrock__MaxAttempts"] = "1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        }, "ingest", docs);
}
