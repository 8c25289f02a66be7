using System.Text;
using System.Text.Json;
using FileSearch.Core.Domain;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Tells structured text formats apart by their first characters: HTML (a doctype, <c>&lt;html</c>, or an XML
/// declaration followed by <c>&lt;html</c>), XML (an XML declaration or a root element), JSON (an object or array
/// that reads as JSON to the end of the sample) and Internet mail (a header block with the fields a mail has).
/// Anything else stays <see cref="FileKind.Text"/>.
/// </summary>
internal static class TextFormatSniffer
{
    private static readonly string[] MailFields =
        ["from", "to", "cc", "subject", "date", "message-id", "mime-version", "received", "return-path", "content-type", "reply-to"];

    public static FileKind Refine(ReadOnlySpan<byte> sample, bool isComplete)
    {
        var guess = TextSniffer.Detect(sample, isComplete);
        var text = JapaneseEncodings.Decode(guess.Encoding, sample[guess.PreambleLength..], isComplete).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Length == 0)
        {
            return FileKind.Text;
        }

        if (text[0] == '<')
        {
            return ClassifyMarkup(text);
        }

        if (text[0] is '{' or '[')
        {
            return IsJson(text, isComplete) ? FileKind.Json : FileKind.Text;
        }

        return IsMail(text) ? FileKind.Eml : FileKind.Text;
    }

    private static FileKind ClassifyMarkup(string text)
    {
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<html", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Html;
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return FileKind.Xml;
        }

        // A bare root element: a name character right after '<' and a closing '>' somewhere in the sample.
        return text.Length > 1 && (char.IsLetter(text[1]) || text[1] == '!') && text.Contains('>', StringComparison.Ordinal)
            ? FileKind.Xml
            : FileKind.Text;
    }

    private static bool IsJson(string text, bool isComplete)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), isFinalBlock: isComplete, state: default);
        try
        {
            while (reader.Read())
            {
            }

            return reader.TokenType is not JsonTokenType.None;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A header block (field lines, continuations) with at least three of the fields mail carries, one of them From or Received.</summary>
    private static bool IsMail(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                break;
            }

            if (trimmed[0] is ' ' or '\t')
            {
                continue; // folded header line
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || trimmed.AsSpan(0, colon).ContainsAny(' ', '\t'))
            {
                return false;
            }

            var name = trimmed[..colon].ToLowerInvariant();
            if (MailFields.Contains(name))
            {
                seen.Add(name);
            }
        }

        return seen.Count >= 3 && (seen.Contains("from") || seen.Contains("received"));
    }
}
