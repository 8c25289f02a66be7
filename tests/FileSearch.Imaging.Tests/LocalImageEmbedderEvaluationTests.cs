using FileSearch.Core.Domain;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FileSearch.Imaging.Tests;

/// <summary>
/// The near-duplicate evaluation of issue 5: 36 synthetic photos and six edited copies of each; an edit counts
/// as found when its original is the top hit by cosine among all originals. Target: at least 95%.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalImageEmbedderEvaluationTests(ITestOutputHelper output) : IDisposable
{
    private const int Photos = 36;
    private readonly TempDirectory _temp = new("fs-embed-eval");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EmbedAsync_EditedCopies_OriginalIsTopHitForAtLeast95Percent()
    {
        var sut = new LocalImageEmbedder(new VipsRuntime(), Options.Create(new ThumbnailOptions()), NullLogger<LocalImageEmbedder>.Instance);
        var originals = new List<float[]>();
        var edits = new List<(int Original, string Edit, float[] Vector)>();
        for (var n = 0; n < Photos; n++)
        {
            using var photo = SyntheticPhotos.Create(seed: 1000 + n, width: n % 3 == 0 ? 360 : 480, height: n % 3 == 0 ? 480 : 360);
            originals.Add(await EmbedAsync(sut, photo, $"{n}.png"));
            foreach (var (name, edit) in SyntheticPhotos.Edits)
            {
                using var edited = edit(photo);
                edits.Add((n, name, await EmbedAsync(sut, edited, $"{n}-{name}.png")));
            }
        }

        var misses = edits.Where(e => TopHit(originals, e.Vector) != e.Original).ToList();
        var share = 1.0 - ((double)misses.Count / edits.Count);
        output.WriteLine($"RESULT local_embedder edited_copies={edits.Count} originals={Photos} top1_share={share:0.000}");
        foreach (var group in edits.GroupBy(e => e.Edit))
        {
            output.WriteLine($"  {group.Key}: {group.Count(e => TopHit(originals, e.Vector) == e.Original)}/{group.Count()}");
        }

        Assert.True(share >= 0.95, $"top-1 share {share:0.000} below 0.95; misses: {string.Join(", ", misses.Select(m => $"{m.Original}/{m.Edit}"))}");
    }

    private async Task<float[]> EmbedAsync(LocalImageEmbedder sut, NetVips.Image image, string name)
    {
        var path = _temp.Combine(name);
        image.WriteToFile(path);
        var vector = await sut.EmbedAsync(path, FileKind.Png, CancellationToken.None);
        Assert.NotNull(vector);
        Assert.Equal(LocalImageEmbedder.VectorDimension, vector.Length);
        return vector;
    }

    private static int TopHit(List<float[]> originals, float[] query)
    {
        var best = (Index: -1, Score: double.MinValue);
        for (var i = 0; i < originals.Count; i++)
        {
            var score = originals[i].Zip(query, (a, b) => (double)a * b).Sum();
            if (score > best.Score)
            {
                best = (i, score);
            }
        }

        return best.Index;
    }
}
