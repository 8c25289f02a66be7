using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// Judges whether a PDF page's text layer holds real text. Scanners and some writers leave layers of glyph ids
/// (<c>(cid:123)</c>), replacement characters or private-use code points; those count as missing, so the page is OCR'd.
/// </summary>
internal static partial class TextLayerQuality
{
    /// <summary>Share of suspicious characters above which a layer is judged mojibake even when it is long.</summary>
    private const double MaxSuspiciousShare = 0.3;

    /// <summary>True when <paramref name="text"/> has at least <paramref name="minChars"/> letters or digits and is not mostly garbage.</summary>
    public static bool HasRealText(string? text, int minChars)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var stripped = CidRun().Replace(text, string.Empty);
        int good = 0, suspicious = 0;
        foreach (var rune in stripped.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            if (IsSuspicious(rune))
            {
                suspicious++;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                good++;
            }
        }

        // The cid runs themselves are garbage that would otherwise vanish from the share.
        suspicious += CidRun().Count(text);
        return good >= minChars && suspicious <= (good + suspicious) * MaxSuspiciousShare;
    }

    private static bool IsSuspicious(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return rune.Value == 0xFFFD || category is UnicodeCategory.PrivateUse or UnicodeCategory.Control
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
    }

    [GeneratedRegex(@"\(cid:\d+\)", RegexOptions.CultureInvariant)]
    private static partial Regex CidRun();
}
