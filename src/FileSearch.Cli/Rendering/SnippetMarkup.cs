using System.Text;
using FileSearch.Core.Ports;
using Spectre.Console;

namespace FileSearch.Cli.Rendering;

/// <summary>Turns snippet parts into Spectre markup: matches highlighted, line breaks flattened.</summary>
public static class SnippetMarkup
{
    public static string From(IReadOnlyList<SnippetPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var text = Markup.Escape(part.Text.ReplaceLineEndings(" "));
            sb.Append(part.IsMatch ? $"[black on yellow]{text}[/]" : text);
        }

        return sb.Length == 0 ? "[dim](no text)[/]" : sb.ToString();
    }
}
