using FileSearch.Core.Domain;

namespace FileSearch.Core.Tests.Domain;

[Trait("Category", "Unit")]
public class DocumentVersionTests
{
    [Theory]
    [InlineData("0055AED6DCD90281E5", "0055AED6DCD90281E6", -1)]
    [InlineData("55AED6DCD90281E5", "0055AED6DCD90281E5", 0)]
    [InlineData("0100", "FF", 1)]
    [InlineData("ff", "FE", 1)]
    public void CompareSequencers_HexOfDifferentLength_ComparesAsNumbers(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(DocumentVersion.CompareSequencers(a, b)));
    }

    [Fact]
    public void CompareTo_NoSequencer_UsesEventTime()
    {
        var older = new DocumentVersion(null, new DateTimeOffset(2025, 1, 30, 12, 0, 0, TimeSpan.Zero));
        var newer = new DocumentVersion(null, new DateTimeOffset(2025, 1, 30, 12, 0, 1, TimeSpan.Zero));
        Assert.True(older.IsOlderThan(newer));
        Assert.False(newer.IsOlderThan(older));
        Assert.False(newer.IsOlderThan(newer));
    }

    [Fact]
    public void CompareTo_BothSequencers_SequencerWinsOverTime()
    {
        var a = new DocumentVersion("0A", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var b = new DocumentVersion("0B", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(a < b);
    }

    [Fact]
    public void DocumentId_SameBucketAndKey_IsStable()
    {
        var a = DocumentId.From("bucket", "documents/2025/契約書.pdf");
        var b = DocumentId.From("bucket", "documents/2025/契約書.pdf");
        var c = DocumentId.From("bucket2", "documents/2025/契約書.pdf");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(32, a.Value.Length);
        Assert.True(DocumentId.TryParse(a.Value.ToUpperInvariant(), out var parsed));
        Assert.Equal(a, parsed);
        Assert.False(DocumentId.TryParse("../etc/passwd", out _));
    }
}
