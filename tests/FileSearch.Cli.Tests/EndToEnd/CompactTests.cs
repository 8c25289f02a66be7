using FileSearch.Cli.Commands;
using FileSearch.Search.Lucene;
using FileSearch.Testing;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary><c>compact</c> shrinks the embedded index's vector log to its live vectors, and they still answer.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CompactTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-compact");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    private string LogPath => Path.Combine(DataDir, "index", "filesearch-vectors.log");

    [Fact]
    public async Task Compact_VectorsReplacedTwice_LogShrinksAndLatestVectorsAnswer()
    {
        var options = Options.Create(new LuceneIndexOptions { IndexDirectory = Path.Combine(DataDir, "index") });
        await using (var index = new LuceneSearchIndex(options, new CjkBigramTextAnalysis(), TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance))
        {
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < 5; i++)
                {
                    await index.IndexAsync(TestDocuments.Create($"p{i}.png", "写真") with { Vector = TestDocuments.Vector((round * 10) + i) }, CancellationToken.None);
                }

                await index.CommitAsync(CancellationToken.None);
            }
        }

        var before = new FileInfo(LogPath).Length;

        var compact = await InProcessCli.RunAsync(DataDir, "compact");

        Assert.True(compact.ExitCode == ExitCodes.Success, compact.Output);
        Assert.Contains("5 vector(s) kept", compact.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(LogPath).Length * 2 < before, $"{new FileInfo(LogPath).Length} of {before} bytes");
        await using var reopened = new LuceneSearchIndex(options, new CjkBigramTextAnalysis(), TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
        var nearest = await reopened.SearchAsync(
            new Core.Ports.SearchQuery(string.Empty, Limit: 1) { Vector = TestDocuments.Vector(23) }, CancellationToken.None);
        Assert.Equal("p3.png", Assert.Single(nearest.Hits).Name);
    }
}
