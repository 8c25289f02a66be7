using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts text from RTF files (at most <see cref="ExtractionOptions.MaxTextBytes"/> read): <c>\'hh</c> escapes
/// decoded in the code page of the current font or <c>\ansicpgN</c> (932 is Shift_JIS), <c>\uN</c> Unicode characters,
/// non-text destinations (font and style tables, pictures, objects, field instructions) skipped. Method <c>rtf</c>;
/// property <c>truncated</c>.
/// </summary>
public sealed class RtfTextExtractor(IOptions<ExtractionOptions> options, ILogger<RtfTextExtractor> logger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind == FileKind.Rtf;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var (bytes, truncated) = await BoundedFile.ReadAsync(filePath, _options.MaxTextBytes, cancellationToken).ConfigureAwait(false);
        var budget = new TextBudget(_options.MaxTextChars);
        var text = RtfReader.Read(bytes, budget, cancellationToken).Trim();
        if (truncated || budget.Truncated)
        {
            Log.TextTruncated(logger, filePath, budget.MaxChars);
        }

        return new ExtractionResult(text, "rtf", Properties: new Dictionary<string, string>
        {
            ["truncated"] = truncated || budget.Truncated ? "true" : "false",
        });
    }
}
