using FileSearch.Core.Security;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// The documents a caller may read, as a bit set per segment built straight from the postings of the caller's principals:
/// set for each document that allows one of them (<c>acl_allow</c>), cleared for each that denies one (<c>acl_deny</c>,
/// deny wins). No scoring and no per-document query evaluation: the cost is the total length of the principals' postings,
/// and the result offers random access, so a filtered search tests each candidate hit with one bit.
/// </summary>
internal sealed class VisibilityFilter : Filter
{
    private readonly string[] _principals;

    public VisibilityFilter(Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        _principals = [.. visibility.Principals.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Key = string.Join('\n', _principals);
    }

    /// <summary>A stable key of the principal set (sorted, without repeats), for caching one filter per caller.</summary>
    public string Key { get; }

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.AtomicReader;
        var allowed = Postings(reader, IndexFields.AclAllow);
        if (allowed is null || _principals.Length == 0)
        {
            return null;
        }

        var bits = new FixedBitSet(reader.MaxDoc);
        foreach (var principal in _principals)
        {
            Mark(allowed, principal, bits, set: true);
        }

        if (Postings(reader, IndexFields.AclDeny) is { } denied)
        {
            foreach (var principal in _principals)
            {
                Mark(denied, principal, bits, set: false);
            }
        }

        if (acceptDocs is not null)
        {
            for (var doc = bits.NextSetBit(0); doc >= 0 && doc < bits.Length; doc = doc + 1 < bits.Length ? bits.NextSetBit(doc + 1) : -1)
            {
                if (!acceptDocs.Get(doc))
                {
                    bits.Clear(doc);
                }
            }
        }

        return bits;
    }

    private static TermsEnum? Postings(AtomicReader reader, string field) => reader.GetTerms(field)?.GetEnumerator();

    private static void Mark(TermsEnum terms, string principal, FixedBitSet bits, bool set)
    {
        if (!terms.SeekExact(new BytesRef(principal)))
        {
            return;
        }

        var docs = terms.Docs(null, null, DocsFlags.NONE);
        for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
        {
            if (set)
            {
                bits.Set(doc);
            }
            else
            {
                bits.Clear(doc);
            }
        }
    }

    public override bool Equals(object? obj) => obj is VisibilityFilter other && other.Key == Key;

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "visible to " + Key.Replace('\n', ',');
}
