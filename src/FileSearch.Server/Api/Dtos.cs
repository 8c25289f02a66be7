using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Server.Api;

/// <summary>Maps the ports' results to the API's shapes (shared by the endpoints and the CLI's <c>--json</c>).</summary>
public static class Dtos
{
    public const string ApiBase = "/api/v1";

    /// <summary>Concatenates the parts and lists the marked ones as ranges.</summary>
    public static HighlightedText Highlight(IReadOnlyList<SnippetPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder();
        var ranges = new List<TextRange>();
        foreach (var part in parts)
        {
            if (part.IsMatch && part.Text.Length > 0)
            {
                // Adjacent marked parts become one range.
                if (ranges.Count > 0 && ranges[^1].Start + ranges[^1].Length == text.Length)
                {
                    ranges[^1] = ranges[^1] with { Length = ranges[^1].Length + part.Text.Length };
                }
                else
                {
                    ranges.Add(new TextRange(text.Length, part.Text.Length));
                }
            }

            text.Append(part.Text);
        }

        return new HighlightedText(text.ToString(), ranges);
    }

    public static string DocumentUrl(DocumentId id) => $"{ApiBase}/documents/{Uri.EscapeDataString(id.Value)}";

    public static string ThumbnailUrl(DocumentId id, int size) => string.Create(CultureInfo.InvariantCulture, $"{DocumentUrl(id)}/thumbnail?size={size}");

    public static SearchHitDto Hit(SearchHit hit, UncMapper unc)
    {
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(unc);
        return new SearchHitDto(
            hit.Id.Value,
            hit.Name,
            hit.Path,
            unc.Map(hit.Path),
            hit.Kind.ShortName(),
            hit.Size,
            hit.Modified,
            Math.Round(hit.Score, 4),
            Highlight(hit.Snippet),
            ThumbnailUrl(hit.Id, 256))
        {
            ParentId = hit.ParentId?.Value,
            MemberPath = hit.MemberPath,
        };
    }

    public static SearchResponse Search(SearchQuery query, SearchResults results, TimeSpan took, UncMapper unc)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(results);
        return new SearchResponse(
            query.Text,
            results.TotalHits,
            query.Offset,
            query.Limit,
            Math.Round(took.TotalMilliseconds, 2),
            [.. results.Hits.Select(h => Hit(h, unc))],
            results.Facets is { } f ? new FacetsDto(Facet(f.Kinds), Facet(f.Months), Facet(f.Folders)) : null);
    }

    public static SuggestResponse Suggest(string prefix, IReadOnlyList<Suggestion> suggestions) =>
        new(prefix, [.. suggestions.Select(s => new SuggestionDto(s.Text, s.Source == SuggestionSource.Name ? "name" : "term", s.Documents))]);

    /// <summary>
    /// A document's metadata; its thumbnail and preview URLs are set when it has stored thumbnails or, with
    /// <paramref name="placeholderCards"/>, always (the server draws a card for a document without a picture).
    /// </summary>
    public static DocumentDto Document(DocumentRecord r, UncMapper unc, bool placeholderCards)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(unc);
        var path = r.OriginalPath ?? r.Key;
        var hasThumbnails = placeholderCards || r.ThumbnailKeys.Count > 0;
        return new DocumentDto(
            r.Id.Value,
            r.Name,
            path,
            unc.Map(path),
            r.Kind.ShortName(),
            r.MimeType,
            r.Size,
            r.LastModified,
            r.UpdatedAt,
            StatusName(r.Status),
            r.FailureReason,
            r.PageCount,
            r.TextLength,
            r.StoredTextLength,
            r.Truncated,
            r.ExtractionMethod,
            r.Ocr is { } ocr ? Ocr(ocr, r.OcrConfidence) : null,
            hasThumbnails ? ThumbnailUrl(r.Id, 256) : null,
            hasThumbnails ? ThumbnailUrl(r.Id, 1024) : null,
            DocumentUrl(r.Id) + "/content",
            r.Kind.IsImage())
        {
            ParentId = r.ParentId?.Value,
            ParentName = r.IsMember ? r.Key[(r.Key.LastIndexOf('/') + 1)..] : null,
            MemberPath = r.MemberPath,
        };
    }

    /// <summary>PendingIndex as <c>pending-index</c>.</summary>
    public static string StatusName(DocumentStatus status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static OcrDto Ocr(OcrSummary ocr, double? confidence) => new(
        confidence is { } c && !ocr.NothingToRead ? Math.Round(c, 1) : null,
        ocr.Recognized,
        ocr.Weak,
        ocr.TimedOut,
        ocr.NotRecognized,
        [.. ocr.Pages.Select(p => new OcrPageDto(
            p.Number,
            p.NoText ? "no-text" : p.Weak ? "weak" : p.Status switch
            {
                OcrPageStatus.Recognized => "ok",
                OcrPageStatus.TimedOut => "timed-out",
                _ => "not-recognized",
            },
            p.Confidence is { } pc && !p.NoText ? Math.Round(pc, 1) : null,
            p.Weak,
            p.Operations))])
    {
        NoText = ocr.NoText,
    };

    private static IReadOnlyList<FacetValueDto> Facet(IReadOnlyList<FacetCount> counts) => [.. counts.Select(c => new FacetValueDto(c.Value, c.Count))];
}
