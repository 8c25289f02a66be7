using FileSearch.Core.Domain;

namespace FileSearch.Core.Similarity;

/// <summary>What the duplicate finder needs of one document.</summary>
public sealed record DuplicateCandidate(
    DocumentId Id,
    string Path,
    long Size,
    DateTimeOffset? LastModified,
    string? ContentSha256,
    MinHashSignature? Signature)
{
    /// <summary>
    /// True when the document may have an image vector in the index (an image embedded by some model): only these are looked
    /// up for near-duplicate images (<see cref="ImageNeighbours"/>).
    /// </summary>
    public bool HasVector { get; init; }

    /// <summary>What the vector was made from: the record's version and model. A lookup kept for the same stamp still holds.</summary>
    public string? VectorStamp { get; init; }

    /// <summary>
    /// The candidate of a stored record (its original path, or its key when it has none). A record stored before text
    /// signatures were recorded has its signature computed here from its stored text.
    /// </summary>
    public static DuplicateCandidate From(DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DuplicateCandidate(record.Id, record.OriginalPath ?? record.Key, record.Size, record.LastModified,
            record.ContentSha256, MinHashSignature.FromBase64(record.TextSignature) ?? MinHashSignature.Compute(record.Text))
        {
            HasVector = record.VectorModel is not null && !record.VectorPending && record.Kind.IsImage(),
            VectorStamp = $"{record.Version}|{record.VectorModel}",
        };
    }

    /// <summary>The folder part of <see cref="Path"/> ('/' or '\' separated), empty for a bare name.</summary>
    public string Folder => Path.LastIndexOfAny(['/', '\\']) is var i and >= 0 ? Path[..i] : string.Empty;

    /// <summary>The file name, the last segment of <see cref="Path"/>.</summary>
    public string Name => Path[(Path.LastIndexOfAny(['/', '\\']) + 1)..];
}

public enum DuplicateKind
{
    /// <summary>Byte-identical files (same SHA-256).</summary>
    Exact = 0,

    /// <summary>Texts whose estimated Jaccard similarity is at least the threshold (linked pairwise, transitively).</summary>
    Near = 1,

    /// <summary>
    /// Versions of one document: related content (<see cref="DuplicateFinder.DefaultFamilyThreshold"/>), similar names once
    /// version markers are removed (<see cref="VersionName"/>), in the same or a nearby folder. Oldest first, newest last.
    /// </summary>
    Family = 2,

    /// <summary>
    /// Pictures whose image vectors have a cosine similarity of at least the image threshold
    /// (<see cref="DuplicateFinder.DefaultImageThreshold"/>; linked pairwise, transitively): resized, recompressed,
    /// cropped, recoloured or captioned copies of one photograph.
    /// </summary>
    Image = 3,
}

/// <summary>Two documents whose image vectors have the cosine similarity <see cref="Similarity"/> (<see cref="ImageNeighbours"/>).</summary>
public sealed record ImageLink(DocumentId A, DocumentId B, double Similarity);

/// <summary>
/// One group. For <see cref="DuplicateKind.Exact"/> the first member is the copy kept (the oldest, then by path) and
/// <see cref="WastedBytes"/> is the size of the others. Near-duplicates and versions waste nothing by this measure (they
/// differ); <see cref="Similarity"/> is the weakest content link that joined the group. A family's members are ordered by
/// modification time (then by the version their names state), the newest last: <see cref="Latest"/>.
/// </summary>
public sealed record DuplicateGroup(DuplicateKind Kind, IReadOnlyList<DuplicateCandidate> Members, long WastedBytes, double Similarity)
{
    /// <summary>The newest version of a family; null for other kinds.</summary>
    public DocumentId? Latest => Kind == DuplicateKind.Family ? Members[^1].Id : null;
}

/// <summary>Bytes held by redundant exact copies in one folder.</summary>
public sealed record FolderWaste(string Folder, int Copies, long WastedBytes);

public sealed record DuplicateReport(IReadOnlyList<DuplicateGroup> Groups, IReadOnlyList<FolderWaste> Folders, int Examined, int WithoutHash)
{
    public long WastedBytes => Folders.Sum(f => f.WastedBytes);
}

/// <summary>
/// Finds exact duplicates by content hash and near-duplicate texts by MinHash with LSH banding: the 128 values are cut
/// into 32 bands of 4; two documents are compared only when some band is equal (probability 1-(1-J^4)^32: above 0.999
/// at J = 0.8, 0.23 at J = 0.3), and joined when their estimated similarity reaches <see cref="DefaultThreshold"/>.
/// Documents with identical signatures are compared once. Groups are connected components, so a chain of close
/// versions forms one group.
/// </summary>
public static class DuplicateFinder
{
    /// <summary>Estimated Jaccard similarity of 5-gram shingle sets from which two texts count as near-duplicates.</summary>
    public const double DefaultThreshold = 0.8;

    private const int Bands = 32;
    private const int Rows = MinHashSignature.Length / Bands;

    /// <summary>Estimated Jaccard similarity from which two documents with similar names in nearby folders are versions of one document.</summary>
    public const double DefaultFamilyThreshold = 0.5;

    /// <summary>
    /// Cosine similarity of two images' ResNet18 vectors from which they count as near-duplicate images. Chosen from
    /// measurement on real photographs and their edited copies against distinct photographs (docs/duplicates.md); other
    /// embedders' vectors spread differently and need a threshold measured for them.
    /// </summary>
    public const double DefaultImageThreshold = 0.88;

    /// <summary>Find with the default thresholds.</summary>
    public static DuplicateReport Find(IEnumerable<DuplicateCandidate> candidates, double threshold = DefaultThreshold) =>
        Find(candidates, threshold, DefaultFamilyThreshold);

    /// <summary>
    /// Exact copies, near-duplicates at <paramref name="threshold"/> and version families at <paramref name="familyThreshold"/>
    /// (the family rule in <see cref="VersionFamilies"/>).
    /// </summary>
    public static DuplicateReport Find(IEnumerable<DuplicateCandidate> candidates, double threshold, double familyThreshold) =>
        Find(candidates, threshold, familyThreshold, DefaultImageThreshold, []);

    /// <summary>
    /// As <see cref="Find(IEnumerable{DuplicateCandidate}, double, double)"/>, and near-duplicate images: the
    /// <paramref name="images"/> links (from <see cref="ImageNeighbours"/>) at or above <paramref name="imageThreshold"/>
    /// between two candidates, joined into connected components.
    /// </summary>
    public static DuplicateReport Find(IEnumerable<DuplicateCandidate> candidates, double threshold, double familyThreshold, double imageThreshold,
        IReadOnlyCollection<ImageLink> images)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(images);
        var all = candidates.ToList();
        var groups = new List<DuplicateGroup>();
        groups.AddRange(ExactGroups(all));
        groups.AddRange(NearGroups(all, threshold));
        groups.AddRange(ImageGroups(all, images, imageThreshold));
        groups.AddRange(VersionFamilies.Find(all, familyThreshold));
        var folders = groups.Where(g => g.Kind == DuplicateKind.Exact)
            .SelectMany(g => g.Members.Skip(1))
            .GroupBy(m => m.Folder, StringComparer.Ordinal)
            .Select(f => new FolderWaste(f.Key, f.Count(), f.Sum(m => m.Size)))
            .OrderByDescending(f => f.WastedBytes).ThenBy(f => f.Folder, StringComparer.Ordinal)
            .ToList();
        return new DuplicateReport(groups, folders, all.Count, all.Count(c => c.ContentSha256 is null));
    }

    private static IEnumerable<DuplicateGroup> ExactGroups(List<DuplicateCandidate> all) =>
        all.Where(c => c.ContentSha256 is not null)
            .GroupBy(c => c.ContentSha256, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.OrderBy(m => m.LastModified ?? DateTimeOffset.MaxValue).ThenBy(m => m.Path, StringComparer.Ordinal).ToList())
            .Select(members => new DuplicateGroup(DuplicateKind.Exact, members, members.Skip(1).Sum(m => m.Size), 1.0))
            .OrderByDescending(g => g.WastedBytes).ThenBy(g => g.Members[0].Path, StringComparer.Ordinal);

    private static IEnumerable<DuplicateGroup> NearGroups(List<DuplicateCandidate> all, double threshold)
    {
        // One node per distinct signature.
        var nodes = all.Where(c => c.Signature is not null).GroupBy(c => c.Signature!).Select(g => g.ToList()).ToList();
        var parent = Enumerable.Range(0, nodes.Count).ToArray();
        var weakest = new Dictionary<int, double>();
        foreach (var (a, b) in CandidatePairs(nodes.Select(n => n[0].Signature!).ToList()))
        {
            var similarity = nodes[a][0].Signature!.Similarity(nodes[b][0].Signature!);
            if (similarity >= threshold)
            {
                var (ra, rb) = (Root(parent, a), Root(parent, b));
                if (ra == rb)
                {
                    continue;
                }

                var low = Math.Min(similarity, Math.Min(weakest.GetValueOrDefault(ra, 1.0), weakest.GetValueOrDefault(rb, 1.0)));
                parent[rb] = ra;
                weakest[ra] = low;
            }
        }

        return Enumerable.Range(0, nodes.Count)
            .GroupBy(n => Root(parent, n))
            // Texts equal in files that differ (the same text as PDF and as DOCX) are near-duplicates too; copies alone are not.
            .Where(g => g.SelectMany(n => nodes[n]).Select(m => m.ContentSha256 ?? m.Id.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => new DuplicateGroup(DuplicateKind.Near,
                [.. g.SelectMany(n => nodes[n]).OrderBy(m => m.Path, StringComparer.Ordinal)], 0, weakest.GetValueOrDefault(g.Key, 1.0)))
            .OrderByDescending(g => g.Members.Count).ThenBy(g => g.Members[0].Path, StringComparer.Ordinal);
    }

    private static IEnumerable<DuplicateGroup> ImageGroups(List<DuplicateCandidate> all, IReadOnlyCollection<ImageLink> images, double threshold)
    {
        var index = new Dictionary<DocumentId, int>();
        foreach (var candidate in all)
        {
            index.TryAdd(candidate.Id, index.Count);
        }

        var parent = Enumerable.Range(0, index.Count).ToArray();
        var weakest = new Dictionary<int, double>();
        var linked = new HashSet<int>();
        foreach (var link in images.Where(l => l.Similarity >= threshold))
        {
            if (!index.TryGetValue(link.A, out var a) || !index.TryGetValue(link.B, out var b))
            {
                continue; // a neighbour outside the examined documents
            }

            linked.Add(a);
            linked.Add(b);
            var (ra, rb) = (Root(parent, a), Root(parent, b));
            var low = Math.Min(link.Similarity, Math.Min(weakest.GetValueOrDefault(ra, 1.0), weakest.GetValueOrDefault(rb, 1.0)));
            parent[rb] = ra;
            weakest[ra] = low;
        }

        var byIndex = all.GroupBy(c => c.Id).Select(g => g.First()).ToList();
        return linked.GroupBy(n => Root(parent, n))
            // Byte-identical pictures alone are an exact group, not near-duplicates.
            .Where(g => g.Select(n => byIndex[n].ContentSha256 ?? byIndex[n].Id.Value).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => new DuplicateGroup(DuplicateKind.Image,
                [.. g.Select(n => byIndex[n]).OrderBy(m => m.Path, StringComparer.Ordinal)], 0, weakest.GetValueOrDefault(g.Key, 1.0)))
            .OrderByDescending(g => g.Members.Count).ThenBy(g => g.Members[0].Path, StringComparer.Ordinal);
    }

    /// <summary>Pairs (i &lt; j) of signatures equal in at least one LSH band, each once.</summary>
    internal static IEnumerable<(int A, int B)> CandidatePairs(IReadOnlyList<MinHashSignature> signatures)
    {
        var buckets = new Dictionary<(int Band, UInt128 Key), List<int>>();
        for (var n = 0; n < signatures.Count; n++)
        {
            var values = signatures[n].Values;
            for (var b = 0; b < Bands; b++)
            {
                var key = default(UInt128);
                foreach (var v in values.Slice(b * Rows, Rows))
                {
                    key = (key << 32) | v;
                }

                if (!buckets.TryGetValue((b, key), out var list))
                {
                    buckets[(b, key)] = list = [];
                }

                list.Add(n);
            }
        }

        var compared = new HashSet<(int, int)>();
        foreach (var list in buckets.Values.Where(l => l.Count > 1))
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (compared.Add((list[i], list[j])))
                    {
                        yield return (list[i], list[j]);
                    }
                }
            }
        }
    }

    internal static int Root(int[] parent, int n)
    {
        while (parent[n] != n)
        {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }

        return n;
    }
}
