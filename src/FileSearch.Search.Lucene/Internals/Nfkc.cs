using System.Text;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>NFKC normalisation that tolerates invalid UTF-16 (lone surrogates become U+FFFD).</summary>
internal static class Nfkc
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var valid = ReplaceLoneSurrogates(text);
        return valid.IsNormalized(NormalizationForm.FormKC) ? valid : valid.Normalize(NormalizationForm.FormKC);
    }

    // string.Normalize throws on ill-formed UTF-16; user input and file names can contain it.
    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lone = char.IsHighSurrogate(c)
                ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
                : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
            if (lone)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append('\uFFFD');
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? text;
    }
}
