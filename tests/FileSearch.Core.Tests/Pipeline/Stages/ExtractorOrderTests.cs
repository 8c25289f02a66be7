using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Tests.Pipeline.Stages;

[Trait("Category", "Unit")]
public sealed class ExtractorOrderTests
{
    [Fact]
    public void Apply_NamedFirstInTheirOrder_UnnamedAfterInRegistrationOrder()
    {
        ITextExtractor a = new First(), b = new Second(), c = new Third();

        var ordered = new ExtractorOrder([typeof(Third), typeof(Second)]).Apply([a, b, c]);

        Assert.Equal([c, b, a], ordered);
    }

    [Fact]
    public void ExtractTextStage_WithOrder_AsksInThatOrder_WithoutOne_RegistrationOrder()
    {
        ITextExtractor a = new First(), b = new Second();

        Assert.Equal([b, a], new ExtractTextStage([a, b], new ExtractorOrder([typeof(Second)])).Extractors);
        Assert.Equal([a, b], new ExtractTextStage([a, b]).Extractors);
    }

    private abstract class Fake : ITextExtractor
    {
        public bool CanExtract(FileKind kind) => kind == FileKind.Pdf;

        public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
            Task.FromResult(new ExtractionResult(GetType().Name, "fake"));
    }

    private sealed class First : Fake;

    private sealed class Second : Fake;

    private sealed class Third : Fake;
}
