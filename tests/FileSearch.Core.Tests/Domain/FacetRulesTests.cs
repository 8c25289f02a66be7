using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Tests.Domain;

[Trait("Category", "Unit")]
public class FacetRulesTests
{
    [Theory]
    [InlineData(null, "/nas/営業/2024/契約書.pdf", "/nas")]
    [InlineData("", "/nas/営業/2024/契約書.pdf", "/nas")]
    [InlineData("/nas/営業/", "/nas/営業/2024/契約書.pdf", "/nas/営業/2024")]
    [InlineData("/nas/営業", "/nas/営業/2024/sub/契約書.pdf", "/nas/営業/2024")]
    [InlineData("/nas/営業/", "/nas/営業/メモ.txt", null)]
    [InlineData("/nas/営業", "/nas/営業/メモ.txt", null)]
    [InlineData(@"D:\経理\", @"D:\経理\2024\一覧.txt", @"D:\経理\2024")]
    [InlineData(null, @"D:\経理\一覧.txt", "D:")]
    [InlineData("/other/", "/nas/a/b.txt", null)]
    public void FolderBelow_PathUnderPrefix_ReturnsTheFolderOneLevelDown(string? prefix, string path, string? expected)
    {
        Assert.Equal(expected, FacetRules.FolderBelow(prefix, path));
    }

    [Theory]
    [InlineData("/nas/営業/2024/a.pdf", "/nas/営業/2024")]
    [InlineData(@"D:\経理\a.txt", @"D:\経理")]
    [InlineData("a.txt", null)]
    [InlineData("/a.txt", null)]
    public void Parent_Path_ReturnsFolderBeforeLastSeparator(string path, string? expected)
    {
        Assert.Equal(expected, FacetRules.Parent(path));
    }

    [Fact]
    public void Ordered_Counts_CountDescendingThenValueWithoutZeros()
    {
        var ordered = FacetRules.Ordered([new("b", 2), new("a", 2), new("c", 5), new("z", 0)]);

        Assert.Equal([new FacetCount("c", 5), new FacetCount("a", 2), new FacetCount("b", 2)], ordered);
    }

    [Fact]
    public void Split_OverlappingAndTouchingMarks_JoinsThemAndKeepsTheTextWhole()
    {
        var parts = HighlightParts.Split("契約書の契約", [(4, 6), (0, 2), (1, 3), (3, 3), (5, 99)]);

        Assert.Equal([new SnippetPart("契約書", true), new SnippetPart("の", false), new SnippetPart("契約", true)], parts);
        Assert.Empty(HighlightParts.Split(string.Empty, [(0, 1)]));
        Assert.Equal([new SnippetPart("abc", false)], HighlightParts.Split("abc", []));
    }
}
