namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>The MeCab dictionaries the analysis reads, which differ in their feature columns.</summary>
internal enum MecabDictionary
{
    /// <summary>IPAdic: the base form (原形) is feature 6; words for the main text field.</summary>
    Ipadic = 0,

    /// <summary>UniDic: the lemma (語彙素) is feature 7, which joins notation variants; words for the normalised field.</summary>
    Unidic = 1,
}
