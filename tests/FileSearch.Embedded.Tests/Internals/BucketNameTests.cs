using FileSearch.Embedded.Internals;

namespace FileSearch.Embedded.Tests.Internals;

[Trait("Category", "Unit")]
public class BucketNameTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("documents")]
    [InlineData("my.bucket-01")]
    [InlineData("1.2.3")]
    public void Problem_ValidName_Null(string bucket)
    {
        Assert.Null(BucketName.Problem(bucket));
    }

    [Theory]
    [InlineData(null, "3 to 63")]
    [InlineData("a", "3 to 63")]
    [InlineData("Documents", "lowercase")]
    [InlineData("doc/s", "lowercase")]
    [InlineData(".abc", "begin and end")]
    [InlineData("a..b", "adjacent periods")]
    [InlineData("10.0.0.1", "IP address")]
    [InlineData("sthree-abc", "reserved")]
    [InlineData("abc--ol-s3", "reserved")]
    public void Problem_InvalidName_Explained(string? bucket, string problem)
    {
        Assert.Contains(problem, BucketName.Problem(bucket), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_SixtyFourCharacters_TooLong()
    {
        Assert.NotNull(BucketName.Problem(new string('a', 64)));
        Assert.Null(BucketName.Problem(new string('a', 63)));
    }
}
