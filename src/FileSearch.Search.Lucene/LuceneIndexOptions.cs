using System.ComponentModel.DataAnnotations;

namespace FileSearch.Search.Lucene;

/// <summary>Settings of the embedded Lucene index, bound from the <c>Lucene</c> configuration section.</summary>
public sealed class LuceneIndexOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Lucene";

    /// <summary>
    /// Directory of the index (required). Created on the first write; a missing directory reads as an
    /// empty index, so a search-only process never needs to create it.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string IndexDirectory { get; set; } = string.Empty;

    /// <summary>Indexing RAM buffer in megabytes before Lucene flushes a segment. Default 48.</summary>
    [Range(1, 2048)]
    public double RamBufferSizeMb { get; set; } = 48;

    /// <summary>Length in characters of the text window shown as a hit's snippet. Default 160.</summary>
    [Range(20, 2000)]
    public int MaxSnippetChars { get; set; } = 160;

    /// <summary>
    /// How many leading characters of a document's text are re-analysed to find snippet matches,
    /// which bounds the work per hit on huge texts. Default 100000.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxSnippetAnalyzedChars { get; set; } = 100_000;

    /// <summary>
    /// How long a writer of this process waits for Lucene's own <c>write.lock</c> before the write fails as retryable.
    /// Another process never gets that far: a writing process claims the whole index first and a second one is refused
    /// at once (<see cref="Core.Ports.ISingleWriterIndex"/>). A lock left by a killed process does not block (the kernel
    /// releases it). Default 5 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WriteLockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a superseded commit's files stay on disk. A reader in another process (a search while a worker commits)
    /// reads the newest <c>segments_N</c> and then opens the files it names; keeping older commits this long means those
    /// files are never deleted in between. Default 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SupersededCommitRetention { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Text analysis: <c>mecab</c> (Japanese morphology with MeCab plus a CJK-bigram recall field; falls back to
    /// bigrams with a warning when MeCab is not installed) or <c>cjk-bigram</c>. Default <c>mecab</c>.
    /// Changing it needs a reindex (<c>./filesearch reindex --all</c>).
    /// </summary>
    [RegularExpression("^(mecab|cjk-bigram)$")]
    public string Analysis { get; set; } = "mecab";

    /// <summary>MeCab dictionary directory (UTF-8 ipadic). Default <c>/var/lib/mecab/dic/ipadic-utf8</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string MecabDictionaryDirectory { get; set; } = MecabTextAnalysis.DefaultDictionaryDirectory;

    /// <summary>
    /// With <c>mecab</c> analysis: also index the text as UniDic lemmas after variant-kanji and katakana folding
    /// (<c>text_norm</c>), so a word is found however the document spells it (申込 / 申し込み, 高橋 / 髙橋, ウィンドウ /
    /// ウインドウ). Off, or UniDic not installed (a warning is logged), the field is not written. Default true; changing it
    /// needs <c>./filesearch reindex --all</c>.
    /// </summary>
    public bool NormalizedField { get; set; } = true;

    /// <summary>Compiled UniDic directory for <see cref="NormalizedField"/>. Default <c>/var/lib/mecab/dic/unidic</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string UnidicDictionaryDirectory { get; set; } = MecabTextAnalysis.DefaultUnidicDirectory;

    /// <summary>
    /// With <c>mecab</c> analysis: look every Japanese query word up in the bigram field too (at half its boost), so a
    /// word inside a compound (納品 in 納品書兼受領書) is found, below whole-word matches. Off, known words search the word
    /// fields only. Default true.
    /// </summary>
    public bool CompoundPartRecall { get; set; } = true;

    /// <summary>
    /// The image-vector log is rewritten without dead records (replaced or deleted vectors) at a commit once they make up
    /// more than this share of it. Default 0.5.
    /// </summary>
    [Range(0.05, 0.95)]
    public double VectorCompactionDeadShare { get; set; } = 0.5;

    /// <summary>Logs smaller than this many bytes are never compacted automatically. Default 16 MiB.</summary>
    [Range(0, long.MaxValue)]
    public long VectorCompactionMinBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Callers whose permission filter (a bit set per index segment) is kept for their next queries, least recently used
    /// dropped first; 0 builds it for every query. Each costs one bit per document of the index. Default 1,024.
    /// </summary>
    [Range(0, 1_000_000)]
    public int VisibilityFilterCacheSize { get; set; } = 1024;
}
