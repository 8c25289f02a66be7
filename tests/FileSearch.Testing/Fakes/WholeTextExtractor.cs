using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>The whole content as text, for the members (<c>.txt</c>) of a <see cref="LinesContainerReader"/> container and the container itself.</summary>
public sealed class WholeTextExtractor : ITextExtractor
{
    public bool CanExtract(FileKind kind) => kind is FileKind.Text or FileKind.Zip;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken) =>
        new(await File.ReadAllTextAsync(filePath, cancellationToken), "plain");
}
