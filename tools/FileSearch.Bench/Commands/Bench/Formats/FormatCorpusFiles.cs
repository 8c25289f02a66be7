using FileSearch.Core.Ports;

namespace FileSearch.Bench.Commands.Bench.Formats;

/// <summary>
/// The format corpus copied into the benchmark's work folder (previews write next to their input, and the checkout
/// stays untouched), each file with its detected kind and the words of its own from <c>expected.tsv</c>.
/// </summary>
internal static class FormatCorpusFiles
{
    public static async Task<IReadOnlyList<FormatFile>> CopyAsync(string corpus, string target, IFileTypeDetector detector, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(corpus, "expected.tsv"), cancellationToken).ConfigureAwait(false);
        var words = lines.Skip(1)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], parts => parts[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g], StringComparer.Ordinal);
        Directory.CreateDirectory(target);
        var files = new List<FormatFile>();
        foreach (var source in Directory.GetFiles(corpus).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(source);
            if (name is "expected.tsv" || name.EndsWith(".py", StringComparison.Ordinal))
            {
                continue;
            }

            var path = Path.Combine(target, name);
            File.Copy(source, path);
            var kind = (await detector.DetectAsync(path, name, cancellationToken).ConfigureAwait(false)).Kind;
            files.Add(new FormatFile(path, Path.GetExtension(name).TrimStart('.').ToLowerInvariant(), kind, words.GetValueOrDefault(name) ?? []));
        }

        return files;
    }
}
