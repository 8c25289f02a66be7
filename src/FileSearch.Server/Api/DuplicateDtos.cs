using FileSearch.Core.Similarity;

namespace FileSearch.Server.Api;

/// <summary>A member of a duplicate group. <see cref="Latest"/> marks a version family's newest member.</summary>
public sealed record DuplicateMemberDto(string Id, string Name, string Path, long Size, DateTimeOffset? LastModified, string? ContentSha256, bool Latest);

/// <summary>
/// One group of duplicates (also each group of the CLI's <c>duplicates --json</c>): <c>kind</c> is <c>exact</c> (same
/// SHA-256, the first member the oldest), <c>near</c> (texts at least <c>similarity</c> alike), <c>image</c> (pictures whose
/// image vectors have a cosine similarity of at least <c>similarity</c>) or <c>family</c> (versions of one document, oldest
/// first, <c>latestId</c> the newest).
/// </summary>
public sealed record DuplicateGroupDto(string Kind, long WastedBytes, double Similarity, string? LatestId, IReadOnlyList<DuplicateMemberDto> Members)
{
    public static DuplicateGroupDto From(DuplicateGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var latest = group.Latest;
        return new DuplicateGroupDto(KindName(group.Kind), group.WastedBytes, Math.Round(group.Similarity, 3), latest?.Value,
            [.. group.Members.Select(m => new DuplicateMemberDto(m.Id.Value, m.Name, m.Path, m.Size, m.LastModified, m.ContentSha256, m.Id == latest))]);
    }

    public static string KindName(DuplicateKind kind) => kind switch
    {
        DuplicateKind.Exact => "exact",
        DuplicateKind.Near => "near",
        DuplicateKind.Image => "image",
        _ => "family",
    };
}

/// <summary>The answer of <c>GET /api/v1/documents/{id}/duplicates</c>: the groups the document belongs to, each null when it has none.</summary>
public sealed record DocumentDuplicatesResponse(string Id, double Threshold, double FamilyThreshold,
    DuplicateGroupDto? Exact, DuplicateGroupDto? Near, DuplicateGroupDto? Family)
{
    /// <summary>The cosine similarity from which images are near-duplicates.</summary>
    public double ImageThreshold { get; init; } = DuplicateFinder.DefaultImageThreshold;

    /// <summary>The document's near-duplicate pictures (by image vector), or null.</summary>
    public DuplicateGroupDto? Image { get; init; }
}

/// <summary>The CLI's <c>duplicates --json</c>.</summary>
public sealed record DuplicatesReportResponse(int Examined, int WithoutHash, double Threshold, double FamilyThreshold, long WastedBytes,
    IReadOnlyList<DuplicateGroupDto> Groups, IReadOnlyList<FolderWaste> Folders)
{
    /// <summary>The cosine similarity from which images are near-duplicates.</summary>
    public double ImageThreshold { get; init; } = DuplicateFinder.DefaultImageThreshold;

    public static DuplicatesReportResponse From(DuplicateReport report, double threshold, double familyThreshold, double imageThreshold)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DuplicatesReportResponse(report.Examined, report.WithoutHash, threshold, familyThreshold, report.WastedBytes,
            [.. report.Groups.Select(DuplicateGroupDto.From)], report.Folders)
        {
            ImageThreshold = imageThreshold,
        };
    }
}
