namespace FileSearch.Search.Lucene.Tests.Mecab;

/// <summary>One MeCab analysis per test class (the install script installs libmecab2 and mecab-ipadic-utf8).</summary>
public sealed class MecabFixture : IDisposable
{
    public MecabFixture()
    {
        Analysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, out var error)
            ?? throw new InvalidOperationException(error);
    }

    public MecabTextAnalysis Analysis { get; }

    public void Dispose() => Analysis.Dispose();
}
