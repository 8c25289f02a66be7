using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>
/// MeCab in-process: one model and one tagger shared by all threads (thread-safe with the lattice API) and a
/// pool of lattices, which are not thread-safe, so each parse rents its own. Text is parsed in chunks cut at
/// sentence or line ends, which bounds MeCab's lattice memory on huge inputs.
/// </summary>
internal sealed unsafe class MecabParser : IDisposable
{
    /// <summary>Largest piece of text handed to MeCab at once.</summary>
    internal const int ChunkChars = 2048;

    private readonly ConcurrentBag<IntPtr> _lattices = [];
    private readonly IntPtr _model;
    private readonly IntPtr _tagger;
    private readonly MecabDictionary _dictionary;
    private int _liveLattices;
    private int _disposed;

    private MecabParser(IntPtr model, IntPtr tagger, MecabDictionary dictionary)
    {
        _model = model;
        _tagger = tagger;
        _dictionary = dictionary;
    }

    /// <summary>Loads the library and dictionary; returns null and an actionable one-line error when that fails.</summary>
    /// <param name="dictionaryDirectory">The compiled dictionary (<c>sys.dic</c>).</param>
    /// <param name="dictionary">Its feature layout, which decides what <see cref="Morpheme.BaseForm"/> holds.</param>
    /// <param name="error">Why it failed, with the command that fixes it.</param>
    public static MecabParser? TryCreate(string dictionaryDirectory, MecabDictionary dictionary, out string? error)
    {
        if (!NativeLibrary.TryLoad(MecabApi.LibraryName, typeof(MecabParser).Assembly, null, out _))
        {
            error = $"{MecabApi.LibraryName} not found: {MecabApi.InstallHint}";
            return null;
        }

        if (!File.Exists(Path.Combine(dictionaryDirectory, "sys.dic")))
        {
            error = $"MeCab dictionary not found in {dictionaryDirectory}: {InstallHint(dictionary)}";
            return null;
        }

        // argv form: mecab_model_new2 splits one string on spaces and would break paths that contain them.
        string[] argv = ["mecab", "-d", dictionaryDirectory];
        var model = MecabApi.mecab_model_new(argv.Length, argv);
        var tagger = model == IntPtr.Zero ? IntPtr.Zero : MecabApi.mecab_model_new_tagger(model);
        if (tagger == IntPtr.Zero)
        {
            var reason = Marshal.PtrToStringUTF8(MecabApi.mecab_strerror(IntPtr.Zero)) ?? "unknown error";
            if (model != IntPtr.Zero)
            {
                MecabApi.mecab_model_destroy(model);
            }

            error = $"MeCab could not load the dictionary in {dictionaryDirectory} ({reason.Trim()}): {InstallHint(dictionary)}";
            return null;
        }

        error = null;
        return new MecabParser(model, tagger, dictionary);
    }

    /// <summary>Native lattices that exist now (pooled or in use); bounded by the pool's cap plus concurrent parses.</summary>
    public int LiveLattices => Volatile.Read(ref _liveLattices);

    /// <summary>Splits <paramref name="text"/> into morphemes, in text order.</summary>
    public List<Morpheme> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var result = new List<Morpheme>(text.Length / 2);
        var lattice = Rent();
        try
        {
            for (var start = 0; start < text.Length;)
            {
                var end = ChunkEnd(text, start);
                ParseChunk(lattice, text, start, end, result);
                start = end;
            }
        }
        finally
        {
            Return(lattice);
        }

        return result;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_lattices.TryTake(out var lattice))
        {
            Destroy(lattice);
        }

        MecabApi.mecab_destroy(_tagger);
        MecabApi.mecab_model_destroy(_model);
    }

    internal static int ChunkEnd(string text, int start)
    {
        var limit = Math.Min(text.Length, start + ChunkChars);
        if (limit == text.Length)
        {
            return limit;
        }

        for (var i = limit - 1; i > start + (ChunkChars / 2); i--)
        {
            if (text[i] is '\n' or '。' or '．' or '！' or '？' or ' ' or '\t' or '、')
            {
                return i + 1;
            }
        }

        // No boundary: cut anyway, but never between the halves of a surrogate pair.
        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }

    private void ParseChunk(IntPtr lattice, string text, int start, int end, List<Morpheme> result)
    {
        var chunk = text.AsSpan(start, end - start);
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(chunk.Length)];
        var length = Encoding.UTF8.GetBytes(chunk, bytes);

        // MeCab reads C strings in places; a NUL would end the sentence early.
        bytes.AsSpan(0, length).Replace((byte)0, (byte)' ');
        fixed (byte* sentence = bytes)
        {
            MecabApi.mecab_lattice_set_sentence2(lattice, sentence, (nuint)length);
            if (MecabApi.mecab_parse_lattice(_tagger, lattice) == 0)
            {
                var reason = Marshal.PtrToStringUTF8(MecabApi.mecab_lattice_strerror(lattice)) ?? "unknown error";
                throw new InvalidOperationException($"MeCab failed to parse text: {reason.Trim()}");
            }

            int bytePos = 0, charPos = start;
            for (var node = MecabApi.mecab_lattice_get_bos_node(lattice); node != null; node = node->Next)
            {
                if (node->Stat is MecabApi.BeginNode or MecabApi.EndNode || node->Length == 0)
                {
                    continue;
                }

                var offset = (int)(node->Surface - sentence);
                if (offset < bytePos || offset + node->Length > length)
                {
                    continue; // not a slice of this sentence (never seen with ipadic); skipping keeps offsets sane
                }

                charPos += Encoding.UTF8.GetCharCount(bytes, bytePos, offset - bytePos);
                var surfaceChars = Encoding.UTF8.GetCharCount(bytes, offset, node->Length);
                var surface = text.Substring(charPos, surfaceChars);
                var (pos, baseForm) = _dictionary == MecabDictionary.Unidic ? ReadUnidicFeature(node->Feature, surface) : ReadFeature(node->Feature);
                result.Add(new Morpheme(charPos, charPos + surfaceChars, surface, baseForm ?? surface, pos, node->Stat == MecabApi.UnknownNode));
                bytePos = offset + node->Length;
                charPos += surfaceChars;
            }
        }
    }

    /// <summary>ipadic features: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音.</summary>
    private static (string PartOfSpeech, string? BaseForm) ReadFeature(byte* feature)
    {
        var csv = Marshal.PtrToStringUTF8((IntPtr)feature) ?? string.Empty;
        var fields = csv.Split(',');
        var baseForm = fields.Length > 6 && fields[6] is { Length: > 0 } b && b != "*" ? b : null;
        return (fields[0], baseForm);
    }

    /// <summary>
    /// UniDic features (see its dicrc): pos1..pos4, cType, cForm, lForm, lemma (語彙素), orth, pron, orthBase (書字形基本形), ...
    /// The lemma joins spellings (申込 = 申し込み, ウィンドウ = ウインドー); its English gloss (<c>-window</c>) is cut. Proper
    /// nouns have their reading as lemma (高橋 = タカハシ), which would join different names read alike, so a lemma in
    /// katakana for a word written in kanji gives way to the orthographic base form. Unknown words have six features.
    /// </summary>
    private static (string PartOfSpeech, string? BaseForm) ReadUnidicFeature(byte* feature, string surface)
    {
        var csv = Marshal.PtrToStringUTF8((IntPtr)feature) ?? string.Empty;
        var fields = csv.Split(',');
        if (fields.Length <= 10 || fields[7] is not { Length: > 0 } lemma || lemma == "*")
        {
            return (fields[0], null);
        }

        var gloss = lemma.IndexOf('-', 1);
        lemma = gloss > 0 ? lemma[..gloss] : lemma;
        var orthBase = fields[10] is { Length: > 0 } o && o != "*" ? o : surface;
        return (fields[0], IsKatakana(lemma) && HasIdeograph(orthBase) ? orthBase : WithoutOkurigana(lemma));
    }

    /// <summary>
    /// The kanji of a compound written with okurigana between or after them (割り当て, 割り当てる → 割当; 申し込み, 申し込む
    /// → 申込), so the noun and verb that UniDic tells apart by context meet, as the query word alone is often read as the
    /// other one. Words of one kanji keep their kana (上る and 上げる stay apart).
    /// </summary>
    internal static string WithoutOkurigana(string lemma)
    {
        var ideographs = 0;
        var hiraganaAfterIdeograph = false;
        foreach (var c in lemma)
        {
            if (IsIdeograph(c))
            {
                ideographs++;
            }
            else if (c is >= '\u3041' and <= '\u309F' && ideographs > 0)
            {
                hiraganaAfterIdeograph = true;
            }
            else if (!(c is >= '\u3041' and <= '\u309F'))
            {
                return lemma; // katakana, Latin or digits: not a kanji word with okurigana
            }
        }

        return ideographs >= 2 && hiraganaAfterIdeograph && IsIdeograph(lemma[0])
            ? string.Concat(lemma.Where(IsIdeograph))
            : lemma;
    }

    private static bool IsIdeograph(char c) => c is (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or '々' || char.IsSurrogate(c);

    private static bool IsKatakana(string text) => text.All(c => c is >= '\u30A0' and <= '\u30FF');

    private static bool HasIdeograph(string text) => text.Any(IsIdeograph);

    private static string InstallHint(MecabDictionary dictionary) =>
        dictionary == MecabDictionary.Unidic ? MecabApi.UnidicInstallHint : MecabApi.InstallHint;

    private IntPtr Rent()
    {
        if (_lattices.TryTake(out var lattice))
        {
            return lattice;
        }

        lattice = MecabApi.mecab_model_new_lattice(_model);
        if (lattice == IntPtr.Zero)
        {
            throw new InvalidOperationException("MeCab could not create a lattice");
        }

        Interlocked.Increment(ref _liveLattices);
        return lattice;
    }

    private void Destroy(IntPtr lattice)
    {
        MecabApi.mecab_lattice_destroy(lattice);
        Interlocked.Decrement(ref _liveLattices);
    }

    private void Return(IntPtr lattice)
    {
        if (Volatile.Read(ref _disposed) != 0 || _lattices.Count >= Environment.ProcessorCount * 2)
        {
            Destroy(lattice);
        }
        else
        {
            _lattices.Add(lattice);
        }
    }
}
