using System.Text;
using FileSearch.Extraction.Internals;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class TextBudgetTests
{
    [Fact]
    public void Append_WithinBudget_AppendsAll()
    {
        var budget = new TextBudget(10);
        var sb = new StringBuilder();

        Assert.True(budget.Append(sb, "契約書"));
        Assert.True(budget.Append(sb, '\n'));

        Assert.Equal("契約書\n", sb.ToString());
        Assert.False(budget.Truncated);
    }

    [Fact]
    public void Append_BeyondBudget_CutsAndMarksTruncated()
    {
        var budget = new TextBudget(5);
        var sb = new StringBuilder();

        Assert.True(budget.Append(sb, "abc"));
        Assert.False(budget.Append(sb, "defg"));
        Assert.False(budget.Append(sb, 'h'));

        Assert.Equal("abcde", sb.ToString());
        Assert.True(budget.Truncated);
    }

    [Fact]
    public void Take_CutInsideSurrogatePair_DropsTheHalfCharacter()
    {
        var budget = new TextBudget(3);

        var kept = budget.Take("ab𠮷c"); // 𠮷 (U+20BB7) is a surrogate pair

        Assert.Equal("ab", kept);
        Assert.True(budget.Truncated);
        Assert.Equal(string.Empty, budget.Take("more"));
    }
}
