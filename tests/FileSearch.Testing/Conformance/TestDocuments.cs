using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Conformance;

/// <summary>Builds <see cref="IndexDocument"/>s for search index tests.</summary>
public static class TestDocuments
{
    public const string Bucket = "test-bucket";

    /// <summary>A fixed clock value, so stored times can be compared exactly.</summary>
    public static readonly DateTimeOffset IndexedAt = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public static IndexDocument Create(
        string key,
        string text,
        FileKind kind = FileKind.Text,
        string? name = null,
        long size = 1234,
        DateTimeOffset? modified = null) => new()
        {
            Id = DocumentId.From(Bucket, key),
            Bucket = Bucket,
            Key = key,
            Name = name ?? key[(key.LastIndexOf('/') + 1)..],
            Path = "/nas/share/" + key,
            Kind = kind,
            Size = size,
            Modified = modified,
            Indexed = IndexedAt,
            Text = text,
        };

    public static DocumentId IdOf(string key) => DocumentId.From(Bucket, key);

    /// <summary>A deterministic pseudo-random vector (not normalised) for vector tests across processes.</summary>
    public static float[] Vector(int seed, int dimension = 16)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f)];
    }
}
