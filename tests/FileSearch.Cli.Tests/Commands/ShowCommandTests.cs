using FileSearch.Cli.Commands;
using FileSearch.Core.Domain;

namespace FileSearch.Cli.Tests.Commands;

[Trait("Category", "Unit")]
public sealed class ShowCommandTests
{
    [Fact]
    public void TextLength_TruncatedRecord_ReportsStoredAndExtractedLengths()
    {
        var record = Record(new string('あ', 2_000), textLength: 5_000, truncated: true);

        Assert.Equal(
            "2,000 characters stored and indexed of 5,000 extracted (truncated at Pipeline:MaxStoredTextChars)",
            ShowCommand.TextLength(record));
    }

    [Fact]
    public void TextLength_WholeText_OneLength()
    {
        var record = Record("全文", textLength: 2, truncated: false);

        Assert.Equal("2 characters", ShowCommand.TextLength(record));
    }

    private static DocumentRecord Record(string text, int textLength, bool truncated) => new()
    {
        Id = DocumentId.From("docs", "big.txt"),
        Bucket = "docs",
        Key = "big.txt",
        Name = "big.txt",
        Text = text,
        TextLength = textLength,
        Truncated = truncated,
    };
}
