using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>
/// Lucene tokenizer over MeCab: emits each word's base form (NFKC) with the offsets of its surface, and drops
/// particles, auxiliary verbs and symbols as kuromoji's part-of-speech filter does, keeping the position gap
/// so phrases do not match across a dropped word.
/// </summary>
internal sealed class MecabTokenizer : Tokenizer
{
    /// <summary>Parts of speech that carry no meaning for search (ipadic names; 補助記号 and 空白 are UniDic's).</summary>
    internal static readonly HashSet<string> DroppedPartsOfSpeech = new(StringComparer.Ordinal) { "助詞", "助動詞", "記号", "補助記号", "空白", "フィラー" };

    /// <summary>Bounds the text read from one field; longer text is cut (the pipeline caps text well below this).</summary>
    internal const int MaxChars = 4 * 1024 * 1024;

    private readonly MecabParser _parser;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _position;
    private List<Morpheme> _morphemes = [];
    private int _next;
    private int _end;

    public MecabTokenizer(MecabParser parser, TextReader input)
        : base(input)
    {
        _parser = parser;
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _position = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        var skipped = 0;
        while (_next < _morphemes.Count)
        {
            var morpheme = _morphemes[_next++];
            if (DroppedPartsOfSpeech.Contains(morpheme.PartOfSpeech) || !HasLetterOrDigit(morpheme.Surface))
            {
                skipped++;
                continue;
            }

            _term.SetEmpty().Append(Nfkc.Normalize(morpheme.BaseForm));
            _offset.SetOffset(CorrectOffset(morpheme.Start), CorrectOffset(morpheme.End));
            _position.PositionIncrement = 1 + skipped;
            return true;
        }

        return false;
    }

    public override void Reset()
    {
        base.Reset();
        var text = ReadAll(m_input);
        _end = text.Length;
        _morphemes = _parser.Parse(text);
        _next = 0;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(_end);
        _offset.SetOffset(final, final);
    }

    // ipadic tags unknown ASCII symbols (", #, ...) as nouns; a word without a letter or digit is punctuation.
    private static bool HasLetterOrDigit(string surface)
    {
        foreach (var c in surface)
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string ReadAll(TextReader reader)
    {
        var buffer = new char[8192];
        var text = new System.Text.StringBuilder();
        int read;
        while (text.Length < MaxChars && (read = reader.Read(buffer, 0, Math.Min(buffer.Length, MaxChars - text.Length))) > 0)
        {
            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
