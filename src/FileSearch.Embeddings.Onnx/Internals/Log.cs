using Microsoft.Extensions.Logging;

namespace FileSearch.Embeddings.Onnx.Internals;

/// <summary>Log messages of the ONNX embedder (event ids 4300-4399).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information,
        Message = "ResNet18 loaded from {ModelPath} in {ElapsedMs} ms: input {Input}, output {Output} ({Dimension}-d), {IntraOpThreads} intra-op thread(s), arena {Arena}")]
    public static partial void ModelLoaded(ILogger logger, string modelPath, long elapsedMs, string input, string output, int dimension, int intraOpThreads, bool arena);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Debug, Message = "Embedded {Count} image(s) in one batch in {ElapsedMs} ms")]
    public static partial void BatchEmbedded(ILogger logger, int count, long elapsedMs);
}
