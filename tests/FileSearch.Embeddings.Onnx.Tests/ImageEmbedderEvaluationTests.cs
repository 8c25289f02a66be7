using System.Numerics.Tensors;
using FileSearch.Core.Domain;
using FileSearch.Imaging;
using FileSearch.Testing;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FileSearch.Embeddings.Onnx.Tests;

/// <summary>
/// Near-duplicate search over real photographs: 24 wallpaper photographs and every other wallpaper of the installed
/// packages as distractors are indexed; each photograph's edited copies (see <see cref="WallpaperPhotos.Edits"/>) are the
/// queries. An edit counts as found when its original is the top hit by cosine. Measured in the same run for the
/// descriptor, ResNet18 with one query vector, and ResNet18 as shipped (query in four orientations, best score).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ImageEmbedderEvaluationTests(ITestOutputHelper output) : IDisposable
{
    private const double Target = 0.95;
    private readonly TempDirectory _temp = new("fs-embed-photos");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EmbedAsync_EditedPhotographs_OriginalIsTopHitForEveryEditType()
    {
        var photos = WallpaperPhotos.Photographs();
        var indexed = photos.Select((p, n) => Shrink(p, $"photo-{n}.jpg"))
            .Concat(WallpaperPhotos.Distractors().Select((p, n) => Shrink(p, $"other-{n}.jpg")))
            .ToList();
        var queries = new List<(int Photo, string Edit, string Path)>();
        for (var n = 0; n < photos.Count; n++)
        {
            using var original = NetVips.Image.NewFromFile(indexed[n]);
            foreach (var (name, write) in WallpaperPhotos.Edits)
            {
                var path = _temp.Combine($"photo-{n}-{name}.jpg");
                write(original, path);
                queries.Add((n, name, path));
            }
        }

        var runtime = new VipsRuntime();
        using var resnet = new ResNet18ImageEmbedder(runtime, Options.Create(new OnnxEmbeddingOptions()), TimeProvider.System,
            NullLogger<ResNet18ImageEmbedder>.Instance);
        var descriptor = new LocalImageEmbedder(runtime, Options.Create(new ThumbnailOptions()), NullLogger<LocalImageEmbedder>.Instance);

        var resnetIndex = await resnet.EmbedBatchAsync(indexed, CancellationToken.None);
        var descriptorIndex = new List<float[]>();
        foreach (var path in indexed)
        {
            descriptorIndex.Add((await descriptor.EmbedAsync(path, FileKind.Jpeg, CancellationToken.None))!);
        }

        var found = new Dictionary<(string Edit, string Embedder), int>();
        var misses = new List<string>();
        foreach (var (photo, edit, path) in queries)
        {
            void Count(string embedder, int top)
            {
                found[(edit, embedder)] = found.GetValueOrDefault((edit, embedder)) + (top == photo ? 1 : 0);
                if (top != photo && embedder == Shipped)
                {
                    misses.Add($"{edit}: {Path.GetFileName(photos[photo])} → {Path.GetFileName(indexed[top])}");
                }
            }

            Count("descriptor", TopHit(descriptorIndex, [(await descriptor.EmbedAsync(path, FileKind.Jpeg, CancellationToken.None))!]));
            Count("resnet18", TopHit(resnetIndex, [(await resnet.EmbedAsync(path, FileKind.Jpeg, CancellationToken.None))!]));
            Count(Shipped, TopHit(resnetIndex, await resnet.EmbedQueryAsync(path, FileKind.Jpeg, CancellationToken.None)));
        }

        output.WriteLine($"{photos.Count} photographs, {indexed.Count - photos.Count} distractors; top-1 per edit type:");
        output.WriteLine($"{"edit",-16} {"descriptor",10} {"resnet18",10} {Shipped,16}");
        foreach (var (edit, _) in WallpaperPhotos.Edits)
        {
            output.WriteLine($"{edit,-16} {Share(edit, "descriptor"),10:P0} {Share(edit, "resnet18"),10:P0} {Share(edit, Shipped),16:P0}");
        }

        double Share(string edit, string embedder) => (double)found[(edit, embedder)] / photos.Count;
        double Overall(string embedder) => (double)found.Where(f => f.Key.Embedder == embedder).Sum(f => f.Value) / queries.Count;
        output.WriteLine($"RESULT embed_eval photos={photos.Count} distractors={indexed.Count - photos.Count} queries={queries.Count} " +
            $"descriptor_top1={Overall("descriptor"):0.000} resnet18_top1={Overall("resnet18"):0.000} resnet18_rotations_top1={Overall(Shipped):0.000} " +
            $"min_edit_top1={WallpaperPhotos.Edits.Min(e => Share(e.Name, Shipped)):0.000}");
        foreach (var miss in misses)
        {
            output.WriteLine("  miss " + miss);
        }

        Assert.All(WallpaperPhotos.Edits, e => Assert.True(Share(e.Name, Shipped) >= Target,
            $"{e.Name}: top-1 {Share(e.Name, Shipped):P0} below {Target:P0}"));
    }

    private const string Shipped = "resnet18+rotations";

    private string Shrink(string source, string name)
    {
        var path = _temp.Combine(name);
        WallpaperPhotos.WriteOriginal(source, path);
        return path;
    }

    /// <summary>The indexed image with the best cosine to any of the query vectors.</summary>
    private static int TopHit(IReadOnlyList<float[]> index, IReadOnlyList<float[]> queries)
    {
        var best = (Index: -1, Score: float.MinValue);
        for (var i = 0; i < index.Count; i++)
        {
            foreach (var query in queries)
            {
                var score = TensorPrimitives.Dot(index[i], query);
                if (score > best.Score)
                {
                    best = (i, score);
                }
            }
        }

        return best.Index;
    }
}
