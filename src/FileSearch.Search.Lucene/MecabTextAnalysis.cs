using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Mecab;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;

namespace FileSearch.Search.Lucene;

/// <summary>
/// Japanese morphological analysis with MeCab (ipadic), in-process: base forms (行きました finds 行く),
/// particles, auxiliary verbs and symbols dropped, katakana long-vowel folding (サーバー = サーバ), NFKC width
/// folding, lowercase and English stemming. The text is also indexed as CJK bigrams in a second field; a query
/// word uses the bigrams only when MeCab does not know it (new names, unknown katakana) or it is one character,
/// so 京都 never matches 東京都 while 営業 still matches 営業報告書 through the word 営業.
/// </summary>
/// <remarks>Create with <see cref="TryCreate"/>; the instance owns the native MeCab model until disposed.</remarks>
public sealed class MecabTextAnalysis : ITextAnalysis, IRecallFieldAnalysis, IDisposable
{
    /// <summary>Where Debian's <c>mecab-ipadic-utf8</c> installs the dictionary.</summary>
    public const string DefaultDictionaryDirectory = "/var/lib/mecab/dic/ipadic-utf8";

    private readonly MecabParser _parser;
    private readonly CjkBigramTextAnalysis _bigrams = new();

    private MecabTextAnalysis(MecabParser parser) => _parser = parser;

    public string Name => "mecab-ipadic";

    /// <summary>Native MeCab lattices alive now (this instance owns one model and one tagger besides them), for leak checks.</summary>
    public int LiveLattices => _parser.LiveLattices;

    public int Version => 1;

    /// <summary>Query boost of the morphological field over the bigram field.</summary>
    public float TextBoost => 2f;

    /// <summary>
    /// Loads libmecab and the dictionary. Returns null with a one-line error naming the apt-get command when
    /// either is missing.
    /// </summary>
    public static MecabTextAnalysis? TryCreate(string dictionaryDirectory, out string? error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dictionaryDirectory);
        var parser = MecabParser.TryCreate(dictionaryDirectory, out error);
        return parser is null ? null : new MecabTextAnalysis(parser);
    }

    public Analyzer CreateAnalyzer(AnalysisPurpose purpose)
    {
        var morphology = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new MecabTokenizer(_parser, reader);
            TokenStream stream = new KatakanaLongVowelFilter(tokenizer);
            stream = new LowerCaseFilter(CjkBigramTextAnalysis.Compatibility, stream);
            stream = new EnglishPossessiveFilter(CjkBigramTextAnalysis.Compatibility, stream);
            stream = new PorterStemFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        });
        var fields = new Dictionary<string, Analyzer> { [IndexFields.TextBigram] = _bigrams.CreateAnalyzer(purpose) };
        return new PerFieldAnalyzerWrapper(morphology, fields);
    }

    public string NormalizeQuery(string text) => Nfkc.Normalize(text);

    public bool NeedsRecall(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var cjk = 0;
        foreach (var c in word)
        {
            cjk += IsCjk(c) ? 1 : 0;
        }

        if (cjk == 0)
        {
            return false;
        }

        if (cjk == 1)
        {
            return true;
        }

        return _parser.Parse(word).Any(m => m.Unknown && !MecabTokenizer.DroppedPartsOfSpeech.Contains(m.PartOfSpeech));
    }

    public void Dispose() => _parser.Dispose();

    private static bool IsCjk(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
}
