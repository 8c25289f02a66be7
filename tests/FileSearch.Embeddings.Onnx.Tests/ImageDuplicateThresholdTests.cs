using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Similarity;
using FileSearch.Imaging;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using FileSearch.Testing.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FileSearch.Embeddings.Onnx.Tests;

/// <summary>
/// The near-duplicate image threshold measured on real photographs: 24 distinct wallpaper photographs, each with its edited
/// copies (<see cref="WallpaperPhotos.Edits"/>), and the other wallpapers of the installed packages (illustrations and
/// renderings; their packages' preview screenshots and other sizes of one picture left out, being copies), all embedded as
/// the pipeline embeds documents (one vector each, ResNet18). The groups come from the product's own path: one k-NN lookup
/// per image (<see cref="ImageNeighbours"/>) and <see cref="DuplicateFinder"/>'s image groups. Truth: a photograph and its
/// edits belong together, everything else apart. Printed: pairwise precision and recall by threshold and, per edit type,
/// the share of edits grouped with their original.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ImageDuplicateThresholdTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Pixel rotations change a CNN's features about as much as another picture would; one stored vector cannot see through them.</summary>
    private static readonly string[] PixelRotations = ["rot90", "rot180", "rot270"];

    private readonly TempDirectory _temp = new("fs-image-dups");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Find_EditedPhotographsAmongDistinctPictures_GroupsEditsWithTheirOriginalAtTheDefaultThreshold()
    {
        var photos = WallpaperPhotos.Photographs();
        var items = new List<Item>();
        for (var n = 0; n < photos.Count; n++)
        {
            var original = Shrink(photos[n], $"photo-{n}.jpg");
            items.Add(new Item(original, n, "original"));
            using var image = NetVips.Image.NewFromFile(original);
            foreach (var (name, write) in WallpaperPhotos.Edits)
            {
                var path = _temp.Combine($"photo-{n}-{name}.jpg");
                write(image, path);
                items.Add(new Item(path, n, name));
            }
        }

        var illustrations = WallpaperPhotos.Distractors().Where(p => !Path.GetFileName(p).StartsWith("screenshot.", StringComparison.Ordinal) && !OtherSize().IsMatch(p)).ToList();
        items.AddRange(illustrations.Select((p, n) => new Item(Shrink(p, $"other-{n}.jpg"), -1 - n, "illustration")));

        using var resnet = new ResNet18ImageEmbedder(new VipsRuntime(), Options.Create(new OnnxEmbeddingOptions()), TimeProvider.System,
            NullLogger<ResNet18ImageEmbedder>.Instance);
        var vectors = await resnet.EmbedBatchAsync([.. items.Select(i => i.Path)], CancellationToken.None);
        var index = new InMemorySearchIndex();
        var candidates = new List<DuplicateCandidate>();
        var truth = new Dictionary<DocumentId, Item>();
        foreach (var (item, vector) in items.Zip(vectors))
        {
            var name = Path.GetFileName(item.Path);
            var id = DocumentId.From("photos", name);
            await index.IndexAsync(new IndexDocument
            {
                Id = id,
                Bucket = "photos",
                Key = name,
                Name = name,
                Path = "/写真/" + name,
                Kind = FileKind.Jpeg,
                Vector = vector,
                VectorModel = resnet.ModelId,
            }, CancellationToken.None);
            var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(item.Path)));
            candidates.Add(new DuplicateCandidate(id, "/写真/" + name, new FileInfo(item.Path).Length, null, sha, null) { HasVector = true });
            truth[id] = item;
        }

        await index.CommitAsync(CancellationToken.None);
        var links = await ImageNeighbours.FindAsync(index, candidates, null, 0.5, CancellationToken.None);

        output.WriteLine($"{photos.Count} photographs × {WallpaperPhotos.Edits.Count} edits, {illustrations.Count} illustrations; cosine of each edit to its original:");
        var originals = items.Select((item, i) => (item, vector: vectors[i])).Where(x => x.item.Edit == "original").ToList();
        foreach (var (edit, _) in WallpaperPhotos.Edits)
        {
            var cosines = items.Select((item, i) => (item, vector: vectors[i])).Where(x => x.item.Edit == edit)
                .Select(x => TensorPrimitives.Dot(x.vector, originals[x.item.Photo].vector)).Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {edit,-16} min {cosines[0]:0.000}  median {cosines[cosines.Count / 2]:0.000}"));
        }

        var closest = originals.SelectMany((a, i) => originals.Skip(i + 1).Select(b => (Score: TensorPrimitives.Dot(a.vector, b.vector), A: a.item, B: b.item)))
            .MaxBy(p => p.Score);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"closest two distinct photographs: {closest.Score:0.000} ({Path.GetFileName(photos[closest.A.Photo])}, {Path.GetFileName(photos[closest.B.Photo])})"));

        output.WriteLine($"{"threshold",9} {"precision",9} {"recall",6} {"upright",7} {"ill.pairs",9} " + string.Join(' ', WallpaperPhotos.Edits.Select(e => $"{e.Name,8}")));
        foreach (var threshold in new[] { 0.75, 0.80, 0.82, 0.84, 0.85, 0.86, 0.88, 0.90, 0.92 })
        {
            var m = Measure(candidates, links, truth, threshold);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{threshold,9:0.00} {m.Precision,9:0.000} {m.Recall,6:0.000} {m.Upright,7:0.000} {m.IllustrationPairs,9} ")
                + string.Join(' ', m.ByEdit.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value,8:0.00}"))));
        }

        var measured = Measure(candidates, links, truth, DuplicateFinder.DefaultImageThreshold);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT image_duplicates photographs={photos.Count} edits={photos.Count * WallpaperPhotos.Edits.Count} illustrations={illustrations.Count} links={links.Count} " +
            $"threshold={DuplicateFinder.DefaultImageThreshold:0.00} precision={measured.Precision:0.000} recall={measured.Recall:0.000} " +
            $"recall_upright={measured.Upright:0.000} photo_illustration_pairs={measured.PhotoIllustrationPairs}"));
        Assert.True(measured.Precision >= 0.99, $"precision {measured.Precision:0.000}");
        Assert.Equal(0, measured.PhotoIllustrationPairs);
        Assert.All(measured.ByEdit.Where(e => e.Key is "half-jpeg" or "crop10" or "crop20" or "exif-rot" or "bright-contrast"),
            e => Assert.True(e.Value >= 0.95, $"{e.Key}: {e.Value:P0} of the edits grouped with their original"));
        Assert.True(measured.ByEdit["caption"] >= 0.75, $"caption: {measured.ByEdit["caption"]:P0} of the edits grouped with their original");
    }

    private sealed record Item(string Path, int Photo, string Edit);

    private sealed record Measurement(double Precision, double Recall, double Upright, int IllustrationPairs, int PhotoIllustrationPairs,
        IReadOnlyDictionary<string, double> ByEdit);

    /// <summary>Pairwise precision and recall over the photographs and their edits; pairs grouped with illustrations counted apart.</summary>
    private static Measurement Measure(List<DuplicateCandidate> candidates, IReadOnlyList<ImageLink> links, Dictionary<DocumentId, Item> truth, double threshold)
    {
        var report = DuplicateFinder.Find(candidates, DuplicateFinder.DefaultThreshold, DuplicateFinder.DefaultFamilyThreshold, threshold, links);
        var groupOf = new Dictionary<DocumentId, int>();
        foreach (var (group, n) in report.Groups.Where(g => g.Kind == DuplicateKind.Image).Select((g, n) => (g, n)))
        {
            foreach (var member in group.Members)
            {
                groupOf[member.Id] = n;
            }
        }

        long truePairs = 0, predicted = 0, actual = 0, uprightFound = 0, uprightActual = 0;
        int illustrationPairs = 0, mixed = 0;
        var ids = candidates.Select(c => c.Id).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            for (var j = i + 1; j < ids.Count; j++)
            {
                var (a, b) = (truth[ids[i]], truth[ids[j]]);
                var together = groupOf.TryGetValue(ids[i], out var ga) && groupOf.TryGetValue(ids[j], out var gb) && ga == gb;
                if (a.Photo < 0 || b.Photo < 0)
                {
                    (illustrationPairs, mixed) = (illustrationPairs + (together && a.Photo < 0 && b.Photo < 0 ? 1 : 0), mixed + (together && (a.Photo >= 0 || b.Photo >= 0) ? 1 : 0));
                    continue;
                }

                var same = a.Photo == b.Photo;
                var upright = !PixelRotations.Contains(a.Edit) && !PixelRotations.Contains(b.Edit);
                (actual, predicted, truePairs) = (actual + (same ? 1 : 0), predicted + (together ? 1 : 0), truePairs + (same && together ? 1 : 0));
                (uprightActual, uprightFound) = (uprightActual + (same && upright ? 1 : 0), uprightFound + (same && upright && together ? 1 : 0));
            }
        }

        var originalOf = truth.Where(t => t.Value.Edit == "original").ToDictionary(t => t.Value.Photo, t => t.Key);
        var byEdit = WallpaperPhotos.Edits.ToDictionary(e => e.Name, e =>
        {
            var edits = truth.Where(t => t.Value.Edit == e.Name).ToList();
            return (double)edits.Count(t => groupOf.TryGetValue(t.Key, out var g) && groupOf.TryGetValue(originalOf[t.Value.Photo], out var go) && go == g) / edits.Count;
        });
        return new Measurement(predicted == 0 ? 1 : (double)truePairs / predicted, (double)truePairs / actual, (double)uprightFound / uprightActual,
            illustrationPairs, mixed, byEdit);
    }

    private string Shrink(string source, string name)
    {
        var path = _temp.Combine(name);
        WallpaperPhotos.WriteOriginal(source, path);
        return path;
    }

    /// <summary>A picture shipped again at another size (<c>Elephants_3840x2160.jpg</c> beside <c>Elephants.jpg</c>).</summary>
    [GeneratedRegex(@"_\d+x\d+\.[a-z]+$")]
    private static partial Regex OtherSize();
}
