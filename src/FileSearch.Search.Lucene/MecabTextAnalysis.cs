using FileSearch.Core.Text;
using FileSearch.Search.Lucene.Internals;
using FileSearch.Search.Lucene.Internals.Mecab;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;

namespace FileSearch.Search.Lucene;

/// <summary>
/// Japanese morphological analysis with MeCab (ipadic), in-process: base forms (行きました finds 行く),
/// particles, auxiliary verbs and symbols dropped, katakana long-vowel folding (サーバー = サーバ), NFKC width
/// folding, lowercase and English stemming. The text is also indexed as CJK bigrams in a second field, searched with a
/// lower boost, so a word inside a compound (納品 in 納品書兼受領書) is found below whole-word matches; and, with UniDic,
/// as lemmas in a normalised field (<c>text_norm</c>) after the notation-variant folding of
/// <see cref="NotationVariants"/>, so 申込 finds 申し込み, 高橋 finds 髙橋 and ウィンドウ finds ウインドウ.
/// </summary>
/// <remarks>Create with <see cref="TryCreate(string, out string?)"/>; the instance owns the native MeCab models until disposed.</remarks>
public sealed class MecabTextAnalysis : ITextAnalysis, IRecallFieldAnalysis, IDisposable
{
    /// <summary>Where Debian's <c>mecab-ipadic-utf8</c> installs the dictionary.</summary>
    public const string DefaultDictionaryDirectory = "/var/lib/mecab/dic/ipadic-utf8";

    /// <summary>Where <c>scripts/install-prerequisites.sh</c> compiles Debian's <c>unidic-mecab</c> sources.</summary>
    public const string DefaultUnidicDirectory = "/var/lib/mecab/dic/unidic";

    private readonly MecabParser _parser;
    private readonly MecabParser? _lemmas;
    private readonly bool _compoundParts;
    private readonly CjkBigramTextAnalysis _bigrams = new();
    private readonly NormalizeCharMap _variants;
    private readonly NormalizeCharMap _okurigana;

    private MecabTextAnalysis(MecabParser parser, MecabParser? lemmas, bool compoundParts)
    {
        _parser = parser;
        _lemmas = lemmas;
        _compoundParts = compoundParts;
        _variants = CharMap(NotationVariants.Mappings);
        _okurigana = CharMap(NotationVariants.OkuriganaMappings);
    }

    public string Name => _lemmas is null ? "mecab-ipadic" : "mecab-ipadic+unidic";

    /// <summary>Native MeCab lattices alive now (this instance owns one model and one tagger besides them), for leak checks.</summary>
    public int LiveLattices => _parser.LiveLattices + (_lemmas?.LiveLattices ?? 0);

    /// <summary>1: ipadic words and bigrams; 2: with the normalised field; 3: its okurigana folding as well.</summary>
    public int Version => _lemmas is null ? 1 : 3;

    /// <summary>Query boost of the morphological field over the bigram field.</summary>
    public float TextBoost => 2f;

    /// <summary>Query boost of the bigram field: lower with compound-part recall, where it serves every CJK word.</summary>
    public float RecallBoost => _compoundParts ? 0.5f : 1f;

    /// <summary>True when the text is also indexed as UniDic lemmas (<c>text_norm</c>).</summary>
    public bool HasNormalizedField => _lemmas is not null;

    /// <summary>Query boost of the normalised field: below the main field, so the spelling typed ranks first.</summary>
    public float NormalizedBoost => 1f;

    /// <summary>
    /// Loads libmecab and the ipadic dictionary, without the normalised field and compound-part recall. Returns null with
    /// a one-line error naming the apt-get command when either is missing.
    /// </summary>
    public static MecabTextAnalysis? TryCreate(string dictionaryDirectory, out string? error) =>
        TryCreate(dictionaryDirectory, null, compoundPartRecall: false, out error);

    /// <summary>
    /// Loads libmecab, the ipadic dictionary and, when <paramref name="unidicDirectory"/> is given, UniDic for the
    /// normalised field. Returns null with a one-line error naming the fix when a library or dictionary is missing.
    /// </summary>
    /// <param name="dictionaryDirectory">The ipadic dictionary of the main text field.</param>
    /// <param name="unidicDirectory">The compiled UniDic dictionary, or null for no normalised field.</param>
    /// <param name="compoundPartRecall">True to look every CJK query word up in the bigram field (at a lower boost).</param>
    /// <param name="error">Why it failed.</param>
    public static MecabTextAnalysis? TryCreate(string dictionaryDirectory, string? unidicDirectory, bool compoundPartRecall, out string? error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dictionaryDirectory);
        var parser = MecabParser.TryCreate(dictionaryDirectory, MecabDictionary.Ipadic, out error);
        if (parser is null)
        {
            return null;
        }

        MecabParser? lemmas = null;
        if (unidicDirectory is not null && (lemmas = MecabParser.TryCreate(unidicDirectory, MecabDictionary.Unidic, out error)) is null)
        {
            parser.Dispose();
            return null;
        }

        return new MecabTextAnalysis(parser, lemmas, compoundPartRecall);
    }

    public Analyzer CreateAnalyzer(AnalysisPurpose purpose)
    {
        var morphology = Analyzer.NewAnonymous((_, reader) => Components(new MecabTokenizer(_parser, reader)));
        var fields = new Dictionary<string, Analyzer> { [IndexFields.TextBigram] = _bigrams.CreateAnalyzer(purpose) };
        if (_lemmas is { } lemmas)
        {
            // The char filters fold variants before UniDic reads the text, in the order of the OpenSearch analyser (kanji and
            // katakana, then okurigana); their offset corrections keep highlights on the original.
            fields[IndexFields.TextNorm] = Analyzer.NewAnonymous(
                (_, reader) => Components(new MecabTokenizer(lemmas, reader)),
                (_, reader) => new MappingCharFilter(_okurigana, new MappingCharFilter(_variants, reader)));
        }

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

        if (cjk == 1 || _compoundParts)
        {
            return true;
        }

        return _parser.Parse(word).Any(m => m.Unknown && !MecabTokenizer.DroppedPartsOfSpeech.Contains(m.PartOfSpeech));
    }

    public void Dispose()
    {
        _parser.Dispose();
        _lemmas?.Dispose();
    }

    private static NormalizeCharMap CharMap(IEnumerable<KeyValuePair<string, string>> mappings)
    {
        var map = new NormalizeCharMap.Builder();
        foreach (var (from, to) in mappings)
        {
            map.Add(from, to);
        }

        return map.Build();
    }

    private static TokenStreamComponents Components(MecabTokenizer tokenizer)
    {
        TokenStream stream = new KatakanaLongVowelFilter(tokenizer);
        stream = new LowerCaseFilter(CjkBigramTextAnalysis.Compatibility, stream);
        stream = new EnglishPossessiveFilter(CjkBigramTextAnalysis.Compatibility, stream);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    private static bool IsCjk(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
}
