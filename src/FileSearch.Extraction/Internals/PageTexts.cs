using System.Text;
using FileSearch.Core.Ports;

namespace FileSearch.Extraction.Internals;

internal static class PageTexts
{
    /// <summary>The document text: non-empty pages in order, separated by a blank line.</summary>
    public static string Join(IEnumerable<PageText> pages)
    {
        var sb = new StringBuilder();
        foreach (var page in pages)
        {
            var text = page.Text.AsSpan().TrimEnd();
            if (text.IsEmpty)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            sb.Append(text);
        }

        return sb.ToString();
    }

    public static Dictionary<string, string> Properties(TextBudget budget) => new()
    {
        ["truncated"] = budget.Truncated ? "true" : "false",
    };
}
