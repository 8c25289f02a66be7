using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Reads plain text files. The encoding is detected, never assumed: byte-order mark (UTF-8,
/// UTF-16 LE/BE), strict UTF-8, UTF-16 without BOM, else Shift_JIS (CP932) or EUC-JP, whichever
/// decodes strictly and reads as Japanese. At most <see cref="ExtractionOptions.MaxTextBytes"/> are
/// read. Result: method <c>plain</c>, properties <c>encoding</c> (utf-8, utf-16, utf-16be,
/// shift_jis, euc-jp) and <c>truncated</c> (true/false).
/// </summary>
public sealed class PlainTextExtractor(IOptions<ExtractionOptions> options, ILogger<PlainTextExtractor> logger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind == FileKind.Text;

    /// <summary>At most <see cref="ExtractionOptions.MaxTextBytes"/> read into one buffer, decoded by managed decoders.</summary>
    public bool CannotCrashOn(FileKind kind) => kind == FileKind.Text;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            var buffer = new byte[(int)Math.Min(length, _options.MaxTextBytes)];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var truncated = length > read;
            var (text, encoding) = Decode(buffer.AsSpan(0, read), isComplete: !truncated);
            Log.TextDecoded(logger, filePath, encoding, read, truncated);
            var properties = new Dictionary<string, string>
            {
                ["encoding"] = encoding,
                ["truncated"] = truncated ? "true" : "false",
            };
            return new ExtractionResult(text, "plain", Properties: properties);
        }
    }

    private static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        var guess = TextSniffer.Detect(bytes, isComplete);
        return (JapaneseEncodings.Decode(guess.Encoding, bytes[guess.PreambleLength..], isComplete), guess.Name);
    }
}
