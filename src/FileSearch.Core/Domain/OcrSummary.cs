using System.Text.Json;
using System.Text.Json.Serialization;

namespace FileSearch.Core.Domain;

/// <summary>What OCR did to one page of a document.</summary>
/// <param name="Number">1-based page number in the document.</param>
/// <param name="Status">Recognised, cut at a deadline, or not OCR'd (page limit, rasterizing failed).</param>
/// <param name="Confidence">Tesseract's mean word confidence 0-100 when recognised.</param>
/// <param name="Weak">True when the confidence stayed under the threshold after any retry.</param>
/// <param name="Retried">True when a weak first reading was read once more with an alternative setting.</param>
/// <param name="Reused">True when the result came from the page checkpoint cache.</param>
/// <param name="Operations">Preprocessing and recognition operations, comma-separated (e.g. <c>deskew:1.5,binarize:otsu,rotate:90</c>).</param>
public sealed record OcrPageSummary(
    int Number,
    OcrPageStatus Status,
    double? Confidence = null,
    bool Weak = false,
    bool Retried = false,
    bool Reused = false,
    string Operations = "")
{
    /// <summary>
    /// The operation recorded for a picture in which the text-presence check found no text, so OCR never read it.
    /// </summary>
    public const string NoTextOperation = "no-text";

    /// <summary>True when the page was a picture without text (<see cref="NoTextOperation"/>): nothing to read, not a weak reading.</summary>
    [JsonIgnore]
    public bool NoText => IsNoText(Operations);

    /// <summary>True when a comma-separated operations list holds <see cref="NoTextOperation"/>.</summary>
    public static bool IsNoText(string operations) =>
        operations.Split(',', StringSplitOptions.TrimEntries).Contains(NoTextOperation, StringComparer.Ordinal);
}

/// <summary>
/// The OCR facts of one document kept in its metadata: page counts by outcome and one <see cref="OcrPageSummary"/> per
/// page that needed OCR (text-layer pages of a mixed PDF are not listed). The document's mean confidence is
/// <see cref="DocumentRecord.OcrConfidence"/>.
/// </summary>
public sealed record OcrSummary
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The pages that needed OCR, in page order.</summary>
    public IReadOnlyList<OcrPageSummary> Pages { get; init; } = [];

    /// <summary>Pages recognised (read now or reused from the checkpoint cache).</summary>
    [JsonIgnore]
    public int Recognized => Pages.Count(p => p.Status == OcrPageStatus.Recognized);

    /// <summary>Pages never OCR'd: beyond the page limit or not rasterized.</summary>
    [JsonIgnore]
    public int NotRecognized => Pages.Count(p => p.Status == OcrPageStatus.NotRecognized);

    /// <summary>Pages cut at the per-page or per-document deadline.</summary>
    [JsonIgnore]
    public int TimedOut => Pages.Count(p => p.Status == OcrPageStatus.TimedOut);

    /// <summary>Recognised pages whose confidence stayed under the threshold.</summary>
    [JsonIgnore]
    public int Weak => Pages.Count(p => p.Weak);

    /// <summary>Pictures in which no text was found, so nothing was read.</summary>
    [JsonIgnore]
    public int NoText => Pages.Count(p => p.NoText);

    /// <summary>True when every listed page is a picture without text: there is no reading whose confidence means anything.</summary>
    [JsonIgnore]
    public bool NothingToRead => Pages.Count > 0 && NoText == Pages.Count;

    /// <summary>Pages read a second time because the first reading was weak.</summary>
    [JsonIgnore]
    public int Retried => Pages.Count(p => p.Retried);

    /// <summary>Pages answered from the checkpoint cache.</summary>
    [JsonIgnore]
    public int Reused => Pages.Count(p => p.Reused);

    /// <summary>True when some page has no OCR text because of the page limit, a deadline or a rasterizing failure.</summary>
    [JsonIgnore]
    public bool Incomplete => NotRecognized + TimedOut > 0;

    /// <summary>Compact JSON form, as stored by the metadata adapters.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <see cref="ToJson"/>'s output; null for null or empty input.</summary>
    public static OcrSummary? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<OcrSummary>(json, Json);

    /// <inheritdoc />
    public bool Equals(OcrSummary? other) => other is not null && Pages.SequenceEqual(other.Pages);

    /// <inheritdoc />
    public override int GetHashCode() => Pages.Count;
}
