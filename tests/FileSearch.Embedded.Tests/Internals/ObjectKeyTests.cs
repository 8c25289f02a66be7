using FileSearch.Core.Errors;
using FileSearch.Embedded.Internals;

namespace FileSearch.Embedded.Tests.Internals;

[Trait("Category", "Unit")]
public class ObjectKeyTests
{
    [Theory]
    [InlineData("a.txt", new[] { "a.txt" })]
    [InlineData("契約書/2025 年度/見積書 (最終).pdf", new[] { "契約書", "2025 年度", "見積書 (最終).pdf" })]
    [InlineData("..hidden/a..b", new[] { "..hidden", "a..b" })]
    public void Parse_ValidKey_ReturnsSegments(string key, string[] expected)
    {
        Assert.Equal(expected, ObjectKey.Parse(key));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("/abs", "absolute")]
    [InlineData("a/./b", "'.' or '..'")]
    [InlineData("a/..", "'.' or '..'")]
    [InlineData("a/", "empty path segment")]
    [InlineData("tab\there", "control character")]
    public void Parse_HostileKey_ThrowsPermanentInvalidKeyNamingTheProblem(string? key, string problem)
    {
        var error = Assert.Throws<ProcessingException>(() => ObjectKey.Parse(key));

        Assert.Equal(("invalid-key", FailureKind.Permanent), (error.Code, error.Kind));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLong_Throws()
    {
        Assert.Contains("1024 bytes", Assert.Throws<ProcessingException>(() => ObjectKey.Parse(new string('あ', 400))).Message, StringComparison.Ordinal);
        Assert.Contains("255 bytes", Assert.Throws<ProcessingException>(() => ObjectKey.Parse(new string('a', 256))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("docs", new string[0])]
    [InlineData("docs/rep", new[] { "docs" })]
    [InlineData("a/b/", new[] { "a", "b" })]
    public void PrefixFolders_Prefix_ReturnsFolderPart(string? prefix, string[] expected)
    {
        Assert.Equal(expected, ObjectKey.PrefixFolders(prefix));
    }

    [Fact]
    public void Printable_ControlCharactersAndLongValues_EscapedAndCut()
    {
        Assert.Equal("a\\u000ab", StorageErrors.Printable("a\nb"));
        Assert.Equal("(null)", StorageErrors.Printable(null));
        Assert.Equal(203, StorageErrors.Printable(new string('x', 500)).Length);
    }
}
