using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>The type by the name's extension only.</summary>
public sealed class ExtensionTypeDetector : IFileTypeDetector
{
    public Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken) =>
        Task.FromResult(new DetectedType(FileKinds.FromExtension(Path.GetExtension(fileName)), ByContent: false));
}
