using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FileSearch.Server.Api;

/// <summary><c>GET /api/v1/documents/{id}/duplicates</c>: a document's exact copies, near-duplicates, near-duplicate images and version family.</summary>
public static class DuplicateEndpoints
{
    public static RouteGroupBuilder MapDuplicateEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/documents/{id}/duplicates", GetAsync).WithName("GetDuplicates")
            .WithSummary("A document's exact copies, near-duplicates and version family, among the documents the caller may read")
            .WithDescription("threshold: estimated Jaccard similarity of the texts from which documents are near-duplicates (default 0.8); " +
                "familyThreshold: the same for versions with alike names in near folders (default 0.5); " +
                "imageThreshold: cosine similarity of two images' vectors from which they are near-duplicate images (default 0.88).")
            .RequireRateLimiting(SearchEndpoints.SearchRateLimit)
            .Produces<DocumentDuplicatesResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, DocumentAccess access, DuplicateCandidates candidates, IMetadataStore metadata)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var threshold = Fraction(context.Request.Query, "threshold", DuplicateFinder.DefaultThreshold, errors);
        var familyThreshold = Fraction(context.Request.Query, "familyThreshold", DuplicateFinder.DefaultFamilyThreshold, errors);
        var imageThreshold = Fraction(context.Request.Query, "imageThreshold", DuplicateFinder.DefaultImageThreshold, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var caller = context.Caller();
        var record = await access.FindAsync(id, caller, AuditAction.Duplicates, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document");
        }

        var target = DuplicateCandidate.From(record);
        var readable = DuplicateCandidates.Readable(await candidates.GetAsync(context.RequestAborted).ConfigureAwait(false), caller);
        readable.RemoveAll(c => c.Id == target.Id);
        readable.Add(target);
        var groups = DocumentDuplicates.Of(target, readable, threshold, familyThreshold, imageThreshold,
            await candidates.ImageLinksAsync(context.RequestAborted).ConfigureAwait(false));

        // The list may be up to a minute old: answer only with members that are still indexed and readable now.
        var current = new Dictionary<DocumentId, bool> { [target.Id] = true };
        foreach (var member in new[] { groups.Exact, groups.Near, groups.Family, groups.Image }.OfType<DuplicateGroup>().SelectMany(g => g.Members))
        {
            if (!current.ContainsKey(member.Id))
            {
                var now = await metadata.GetAsync(member.Id, context.RequestAborted).ConfigureAwait(false);
                current[member.Id] = now is { Status: DocumentStatus.Indexed } && DocumentAccess.MayRead(caller, now);
            }
        }

        return TypedResults.Ok(new DocumentDuplicatesResponse(record.Id.Value, threshold, familyThreshold,
            Trim(groups.Exact, current), Trim(groups.Near, current), Trim(groups.Family, current))
        {
            ImageThreshold = imageThreshold,
            Image = Trim(groups.Image, current),
        });
    }

    private static DuplicateGroupDto? Trim(DuplicateGroup? group, Dictionary<DocumentId, bool> current)
    {
        if (group is null)
        {
            return null;
        }

        var members = group.Members.Where(m => current[m.Id]).ToList();
        if (members.Count < 2)
        {
            return null;
        }

        var wasted = group.Kind == DuplicateKind.Exact ? members.Skip(1).Sum(m => m.Size) : 0;
        return DuplicateGroupDto.From(group with { Members = members, WastedBytes = wasted });
    }

    /// <summary>A number in (0, 1]; the default when absent.</summary>
    private static double Fraction(IQueryCollection query, string name, double fallback, Dictionary<string, string[]> errors)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0 && value <= 1))
        {
            errors[name] = [$"'{name}' must be a number greater than 0 and at most 1."];
            return fallback;
        }

        return value;
    }
}
