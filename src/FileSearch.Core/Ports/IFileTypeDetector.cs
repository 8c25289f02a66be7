using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>The detected type of a file and how it was decided.</summary>
/// <param name="Kind">Detected kind.</param>
/// <param name="ByContent">True when magic bytes decided; false when only the extension did.</param>
/// <param name="ExtensionMismatch">True when the extension names another type than the content.</param>
public sealed record DetectedType(FileKind Kind, bool ByContent, bool ExtensionMismatch = false);

/// <summary>Detects a file's type from its content (magic bytes), with the name's extension as fallback.</summary>
public interface IFileTypeDetector
{
    Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken);
}
