using System.Text;
using System.Text.RegularExpressions;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The character encoding of HTML bytes, as browsers decide it (WHATWG HTML, "determining the character encoding",
/// https://html.spec.whatwg.org/multipage/parsing.html#determining-the-character-encoding): a byte-order mark, then a
/// <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="Content-Type" content="...; charset=..."&gt;</c> in the
/// first 1024 bytes, else the text sniffer's guess (UTF-8, Shift_JIS, EUC-JP, UTF-16).
/// </summary>
internal static partial class HtmlCharset
{
    private const int PrescanBytes = 1024;

    public static (Encoding Encoding, string Name, int PreambleLength) Detect(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        var guess = TextSniffer.Detect(bytes, isComplete);
        if (guess.PreambleLength > 0)
        {
            return (guess.Encoding, guess.Name, guess.PreambleLength);
        }

        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        var match = MetaCharset().Match(head);
        if (match.Success && Resolve(match.Groups["charset"].Value) is { } declared)
        {
            return (declared, declared.WebName, 0);
        }

        return (guess.Encoding, guess.Name, 0);
    }

    /// <summary>The encoding a label names (WHATWG labels: x-sjis, windows-31j and shift_jis all mean CP932), or null.</summary>
    private static Encoding? Resolve(string label)
    {
        var name = label.Trim().ToLowerInvariant();
        switch (name)
        {
            case "shift_jis" or "shift-jis" or "sjis" or "x-sjis" or "windows-31j" or "ms932" or "cp932" or "ms_kanji" or "csshiftjis":
                return JapaneseEncodings.ShiftJis;
            case "euc-jp" or "x-euc-jp" or "cseucpkdfmtjapanese":
                return JapaneseEncodings.EucJp;
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return JapaneseEncodings.Utf8;
            case "utf-16" or "utf-16le" or "utf-16be":
                return null; // a meta tag read as ASCII cannot be UTF-16: the declaration is wrong (as browsers treat it)
        }

        return JapaneseEncodings.ForName(name);
    }

    [GeneratedRegex("""<meta[^>]+?charset\s*=\s*["']?\s*(?<charset>[A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
