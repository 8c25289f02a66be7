using System.Text.Json;
using System.Xml;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts the readable text of HTML, XML and JSON files (at most <see cref="ExtractionOptions.MaxTextBytes"/> read).
/// HTML (method <c>html</c>): encoding from the byte-order mark, a <c>&lt;meta charset&gt;</c> or http-equiv
/// declaration, else detected; parsed with AngleSharp, scripts and styles dropped, entities decoded; property
/// <c>title</c>. XML (method <c>xml</c>): text and CDATA content, the declared encoding honoured, DTDs ignored.
/// JSON (method <c>json</c>): string and number values with their property names. XML or JSON that does not parse
/// (or was cut at the size limit) is read as plain text instead (method <c>plain</c>), so it stays searchable.
/// Properties: <c>encoding</c>, <c>truncated</c>.
/// </summary>
public sealed class MarkupTextExtractor(IOptions<ExtractionOptions> options, ILogger<MarkupTextExtractor> logger) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind is FileKind.Html or FileKind.Xml or FileKind.Json;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var (bytes, truncated) = await BoundedFile.ReadAsync(filePath, _options.MaxTextBytes, cancellationToken).ConfigureAwait(false);
        var budget = new TextBudget(_options.MaxTextChars);
        var result = kind switch
        {
            FileKind.Html => ReadHtml(bytes, !truncated, budget, cancellationToken),
            FileKind.Xml => ReadXml(filePath, bytes, !truncated, budget, cancellationToken),
            FileKind.Json => ReadJson(filePath, bytes, !truncated, budget, cancellationToken),
            _ => throw new ArgumentException($"{kind} is not HTML, XML or JSON", nameof(kind)),
        };
        var properties = new Dictionary<string, string>(result.Properties ?? new Dictionary<string, string>())
        {
            ["truncated"] = truncated || budget.Truncated ? "true" : "false",
        };
        return result with { Properties = properties };
    }

    private static ExtractionResult ReadHtml(byte[] bytes, bool isComplete, TextBudget budget, CancellationToken cancellationToken)
    {
        var (encoding, name, preamble) = HtmlCharset.Detect(bytes, isComplete);
        var html = JapaneseEncodings.Decode(encoding, bytes.AsSpan(preamble), isComplete);
        var (text, title) = HtmlText.Convert(html, budget, cancellationToken);
        var properties = new Dictionary<string, string> { ["encoding"] = name };
        if (title is not null)
        {
            properties["title"] = title;
        }

        return new ExtractionResult(text, "html", Properties: properties);
    }

    private ExtractionResult ReadXml(string filePath, byte[] bytes, bool isComplete, TextBudget budget, CancellationToken cancellationToken)
    {
        if (isComplete)
        {
            try
            {
                return new ExtractionResult(XmlContent.Read(bytes, budget, cancellationToken), "xml");
            }
            catch (XmlException ex)
            {
                Log.ReadAsPlainText(logger, filePath, "XML", ex.Message);
            }
        }

        return Plain(bytes, isComplete, budget);
    }

    private ExtractionResult ReadJson(string filePath, byte[] bytes, bool isComplete, TextBudget budget, CancellationToken cancellationToken)
    {
        if (isComplete)
        {
            var guess = TextSniffer.Detect(bytes, isComplete);
            var utf8 = guess.Name == "utf-8"
                ? bytes.AsSpan(guess.PreambleLength)
                : JapaneseEncodings.Utf8.GetBytes(JapaneseEncodings.Decode(guess.Encoding, bytes.AsSpan(guess.PreambleLength), isComplete));
            try
            {
                return new ExtractionResult(JsonText.Read(utf8, budget, cancellationToken), "json",
                    Properties: new Dictionary<string, string> { ["encoding"] = guess.Name });
            }
            catch (JsonException ex)
            {
                Log.ReadAsPlainText(logger, filePath, "JSON", ex.Message);
            }
        }

        return Plain(bytes, isComplete, budget);
    }

    private static ExtractionResult Plain(byte[] bytes, bool isComplete, TextBudget budget)
    {
        var guess = TextSniffer.Detect(bytes, isComplete);
        var text = budget.Take(JapaneseEncodings.Decode(guess.Encoding, bytes.AsSpan(guess.PreambleLength), isComplete));
        return new ExtractionResult(text, "plain", Properties: new Dictionary<string, string> { ["encoding"] = guess.Name });
    }
}
