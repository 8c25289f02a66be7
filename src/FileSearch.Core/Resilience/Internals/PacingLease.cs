using System.Threading.RateLimiting;

namespace FileSearch.Core.Resilience.Internals;

/// <summary>A lease of <see cref="PacingRateLimiter"/>: nothing to give back, a rejection says when to come back.</summary>
internal sealed class PacingLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly PacingLease Acquired = new(acquired: true, retryAfter: null);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static PacingLease Rejected(TimeSpan retryAfter) => new(acquired: false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = after;
            return true;
        }

        metadata = null;
        return false;
    }
}
