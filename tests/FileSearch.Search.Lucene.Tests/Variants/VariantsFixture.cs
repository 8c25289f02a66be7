namespace FileSearch.Search.Lucene.Tests.Variants;

/// <summary>
/// MeCab with the normalised field (UniDic) and compound-part recall, as the host configures it by default
/// (the install script installs and compiles UniDic).
/// </summary>
public sealed class VariantsFixture : IDisposable
{
    public VariantsFixture()
    {
        Analysis = MecabTextAnalysis.TryCreate(MecabTextAnalysis.DefaultDictionaryDirectory, MecabTextAnalysis.DefaultUnidicDirectory, compoundPartRecall: true, out var error)
            ?? throw new InvalidOperationException(error);
    }

    public MecabTextAnalysis Analysis { get; }

    public void Dispose() => Analysis.Dispose();
}
