using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>
/// Removes a trailing long-vowel mark from katakana words of at least <see cref="MinimumLength"/> characters, so
/// サーバー and サーバ are one term (kuromoji_stemmer with its default minimum length).
/// </summary>
internal sealed class KatakanaLongVowelFilter : TokenFilter
{
    internal const int MinimumLength = 4;

    private readonly ICharTermAttribute _term;

    public KatakanaLongVowelFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        var length = _term.Length;
        if (length >= MinimumLength && _term[length - 1] == 'ー' && IsKatakana(_term, length))
        {
            _term.Length = length - 1;
        }

        return true;
    }

    private static bool IsKatakana(ICharTermAttribute term, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (term[i] is not (>= '\u30A0' and <= '\u30FF'))
            {
                return false;
            }
        }

        return true;
    }
}
