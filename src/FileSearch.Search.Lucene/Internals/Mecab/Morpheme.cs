namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>One word found by MeCab: character offsets into the parsed text, its base form and part of speech.</summary>
/// <param name="Start">First character (inclusive).</param>
/// <param name="End">Last character (exclusive).</param>
/// <param name="Surface">The text as written.</param>
/// <param name="BaseForm">Dictionary form (行きました gives 行く for 行き); the surface when the dictionary has none.</param>
/// <param name="PartOfSpeech">Top-level part of speech (名詞, 動詞, 助詞 ...).</param>
/// <param name="Unknown">True when the dictionary does not know the word (MeCab guessed it from character classes).</param>
internal readonly record struct Morpheme(int Start, int End, string Surface, string BaseForm, string PartOfSpeech, bool Unknown);
