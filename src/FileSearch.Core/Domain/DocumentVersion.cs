using System.Globalization;

namespace FileSearch.Core.Domain;

/// <summary>
/// Orders events about one object so an older event never overwrites a newer state.
/// S3's sequencer wins when both sides have one (it is a hex number whose comparison is only
/// meaningful for the same key, which is exactly our case); otherwise the event time decides.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
/// </summary>
public readonly record struct DocumentVersion(string? Sequencer, DateTimeOffset? EventTime) : IComparable<DocumentVersion>
{
    public int CompareTo(DocumentVersion other)
    {
        if (!string.IsNullOrEmpty(Sequencer) && !string.IsNullOrEmpty(other.Sequencer))
        {
            return CompareSequencers(Sequencer, other.Sequencer);
        }

        var a = EventTime ?? DateTimeOffset.MinValue;
        var b = other.EventTime ?? DateTimeOffset.MinValue;
        return a.CompareTo(b);
    }

    /// <summary>True when an event of this version must not replace state stored at <paramref name="stored"/>.</summary>
    public bool IsOlderThan(DocumentVersion stored) => CompareTo(stored) < 0;

    /// <summary>Compares two S3 sequencers as hex numbers of possibly different length.</summary>
    public static int CompareSequencers(string a, string b)
    {
        var x = a.TrimStart('0').ToUpperInvariant();
        var y = b.TrimStart('0').ToUpperInvariant();
        if (x.Length != y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return string.CompareOrdinal(x, y);
    }

    public static bool operator <(DocumentVersion left, DocumentVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(DocumentVersion left, DocumentVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(DocumentVersion left, DocumentVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(DocumentVersion left, DocumentVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => Sequencer is { Length: > 0 }
        ? "seq:" + Sequencer
        : "time:" + (EventTime?.ToString("O", CultureInfo.InvariantCulture) ?? "none");
}
