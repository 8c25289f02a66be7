using FileSearch.Embedded.Internals;

namespace FileSearch.Embedded.Tests.Internals;

[Trait("Category", "Unit")]
public class PathOrderTests
{
    [Theory]
    [InlineData("/data/bucket", "/data/bucket", true)]
    [InlineData("/data/bucket", "/data/bucket/a/b", true)]
    [InlineData("/data/bucket/", "/data/bucket/a", true)]
    [InlineData("/data/bucket", "/data/bucket2/a", false)]
    [InlineData("/data/bucket", "/data", false)]
    [InlineData("/", "/anything", true)]
    public void IsInside_Paths_ComparedBySegment(string root, string path, bool expected)
    {
        Assert.Equal(expected, RealPath.IsInside(root, path));
    }

    [Fact]
    public void Resolve_DotDotSegments_Collapsed()
    {
        Assert.Equal("/a/c", RealPath.Resolve("/a/b/../c/."));
        Assert.Equal("/", RealPath.Resolve("/.."));
    }

    [Fact]
    public void Resolve_LinkLoop_ThrowsIOException()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"fs-loop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            File.CreateSymbolicLink(Path.Combine(directory, "a"), Path.Combine(directory, "b"));
            File.CreateSymbolicLink(Path.Combine(directory, "b"), Path.Combine(directory, "a"));

            Assert.Throws<IOException>(() => RealPath.Resolve(Path.Combine(directory, "a")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Utf8Order_CharacterOutsideBmp_SortsAfterHighBmpCharacter()
    {
        // UTF-16 ordinal puts the surrogate pair (0xD83D...) before U+FF01; UTF-8 bytes (and S3, and SQLite) do not.
        var keys = new List<string> { "\U0001F600.txt", "\uFF01.txt", "a.txt" };

        keys.Sort(Utf8Order.Instance);

        Assert.Equal(["a.txt", "\uFF01.txt", "\U0001F600.txt"], keys);
        Assert.True(Utf8Order.Instance.Compare("ab", "abc") < 0);
        Assert.True(Utf8Order.Instance.Compare(null, "a") < 0);
        Assert.Equal(0, Utf8Order.Instance.Compare(null, null));
        Assert.True(Utf8Order.Instance.Compare("a", null) > 0);
    }
}
