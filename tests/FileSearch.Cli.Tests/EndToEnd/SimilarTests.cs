using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;
using FileSearch.Search.Lucene;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary><c>similar</c> in embedded mode, with vectors written by the index as an embedder would have produced.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SimilarTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-similar");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Similar_IndexedImages_ListsNearestFirst()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(docs, "cat.txt"), "猫の写真についての説明です。");
        await File.WriteAllTextAsync(Path.Combine(docs, "kitten.txt"), "子猫の写真についての説明です。");
        await File.WriteAllTextAsync(Path.Combine(docs, "truck.txt"), "トラックの写真についての説明です。");
        await File.WriteAllTextAsync(Path.Combine(docs, "novector.txt"), "ベクトルのない文書の説明です。");
        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", docs);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        await AddVectorsAsync(docs, ("cat.txt", [1, 0, 0]), ("kitten.txt", [0.9f, 0.1f, 0]), ("truck.txt", [0, 0, 1]));

        var byPath = await InProcessCli.RunAsync(DataDir, "similar", Path.Combine(docs, "cat.txt"), "--limit", "5");
        var byId = await InProcessCli.RunAsync(DataDir, "similar", DocumentId.From(BucketOf(docs), "kitten.txt").Value);
        var none = await InProcessCli.RunAsync(DataDir, "similar", Path.Combine(docs, "novector.txt"));
        var missing = await InProcessCli.RunAsync(DataDir, "similar", Path.Combine(docs, "nowhere.png"));

        Assert.True(byPath.ExitCode == ExitCodes.Success, byPath.Output);
        Assert.True(byPath.Output.IndexOf("kitten.txt", StringComparison.Ordinal) < byPath.Output.IndexOf("truck.txt", StringComparison.Ordinal), byPath.Output);
        Assert.DoesNotContain("novector.txt", byPath.Output, StringComparison.Ordinal);
        Assert.Contains("cat.txt", byId.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, none.ExitCode);
        Assert.Contains("no image vector", none.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
    }

    private static string BucketOf(string docs) => FileSearch.Hosting.Ingest.IngestPlanner.BucketFor(docs);

    private async Task AddVectorsAsync(string docs, params (string Key, float[] Vector)[] vectors)
    {
        var options = Options.Create(new LuceneIndexOptions { IndexDirectory = Path.Combine(DataDir, "index") });
        using var analysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out _)!;
        await using var index = new LuceneSearchIndex(options, analysis, TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
        foreach (var (key, vector) in vectors)
        {
            var bucket = BucketOf(docs);
            await index.IndexAsync(
                new Core.Ports.IndexDocument
                {
                    Id = DocumentId.From(bucket, key),
                    Bucket = bucket,
                    Key = key,
                    Name = key,
                    Path = Path.Combine(docs, key),
                    Text = "画像",
                    Vector = vector,
                },
                CancellationToken.None);
        }

        await index.CommitAsync(CancellationToken.None);
    }
}
