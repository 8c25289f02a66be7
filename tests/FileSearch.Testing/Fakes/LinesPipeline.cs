using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Testing.Fakes;

/// <summary>
/// The real pipeline classes (download, type, text, index, members) over in-memory objects and index and the metadata store
/// under test, reading <see cref="LinesContainerReader"/> containers: for tests of how members follow their file on an adapter.
/// </summary>
public sealed class LinesPipeline(IMetadataStore store, InMemoryObjectStore objects, InMemorySearchIndex index, IOptions<PipelineOptions> options, TimeProvider time)
{
    public LinesContainerReader Reader { get; } = new();

    public DocumentLifecycle Lifecycle { get; } = new(store, index, objects, new DefaultErrorClassifier(), options, time, NullLogger<DocumentLifecycle>.Instance);

    public DocumentProcessor CreateProcessor()
    {
        var classifier = new DefaultErrorClassifier();
        var extract = new ExtractTextStage([new WholeTextExtractor()]);
        var thumbnails = new ThumbnailStage(new NullThumbnailer(), objects, Lifecycle, options, NullLogger<ThumbnailStage>.Instance);
        var embedding = new EmbeddingStage(new NullImageEmbedder(), classifier, options, NullLogger<EmbeddingStage>.Instance);
        return new DocumentProcessor(
            [
                new DownloadStage(objects, options),
                new DetectTypeStage(new ExtensionTypeDetector()),
                extract,
                new IndexStage(index, options, classifier),
                new ChildDocumentsStage([Reader], new ExtensionTypeDetector(), extract, thumbnails, embedding, index, store, Lifecycle,
                    classifier, options, NullLogger<ChildDocumentsStage>.Instance),
            ],
            store, Lifecycle, new TempWorkspace(options, NullLogger<TempWorkspace>.Instance), classifier, time, NullLogger<DocumentProcessor>.Instance);
    }
}
