using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The characters one document may still produce (<see cref="ExtractionOptions.MaxTextChars"/>).
/// Readers append through it and stop once <see cref="Truncated"/> is set, so a hostile document
/// cannot make extraction hold more text than the limit.
/// </summary>
internal sealed class TextBudget(int maxChars)
{
    private int _remaining = maxChars;

    public int MaxChars { get; } = maxChars;

    /// <summary>True once some text had to be cut.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Appends what fits; returns false when <paramref name="text"/> had to be cut.</summary>
    public bool Append(StringBuilder target, ReadOnlySpan<char> text)
    {
        var fitting = Fit(text);
        target.Append(fitting);
        return fitting.Length == text.Length;
    }

    public bool Append(StringBuilder target, char c) => Append(target, [c]);

    /// <summary>Returns the part of <paramref name="text"/> that fits.</summary>
    public string Take(string text)
    {
        var fitting = Fit(text);
        return fitting.Length == text.Length ? text : fitting.ToString();
    }

    private ReadOnlySpan<char> Fit(ReadOnlySpan<char> text)
    {
        if (text.Length <= _remaining)
        {
            _remaining -= text.Length;
            return text;
        }

        var cut = _remaining;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never leave half a surrogate pair
        }

        _remaining = 0;
        Truncated = true;
        return text[..cut];
    }
}
