namespace FileSearch.Embedded.Internals;

/// <summary>
/// Orders strings as their UTF-8 bytes would sort, which is how S3 lists keys and how SQLite's
/// BINARY collation sorts text (UTF-16 ordinal order differs for characters outside the BMP).
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB)
            {
                return hasA.CompareTo(hasB);
            }

            var order = a.Current.Value.CompareTo(b.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
