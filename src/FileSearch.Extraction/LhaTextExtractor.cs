using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;

namespace FileSearch.Extraction;

/// <summary>
/// LHA archives (.lzh): their members are not read, since no maintained .NET library decompresses LHA (SharpCompress
/// and System.IO.Compression do not). What is indexed is the file's name and the archive's member list, read from its
/// headers (names, one a line; method <c>lha-listing</c>; properties <c>members</c> and <c>methods</c>), with the reason
/// recorded (<see cref="ExtractionResult.Unread"/>: <c>archive-members-not-read</c>), so the record says why the
/// members have no documents of their own.
/// </summary>
public sealed class LhaTextExtractor : ITextExtractor
{
    /// <summary>The reason recorded on every LHA archive.</summary>
    public const string UnreadReason =
        "archive-members-not-read: the members of LHA (.lzh) archives are not read (no maintained library decompresses the format); indexed by name and member list";

    /// <summary>Members listed at most; the rest of a larger archive is left out of the text.</summary>
    public const int MaxListedMembers = 10_000;

    public bool CanExtract(FileKind kind) => kind == FileKind.Lzh;

    public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return Task.Run(() => Extract(filePath), cancellationToken);
    }

    private static ExtractionResult Extract(string filePath)
    {
        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var members = LhaListing.Read(stream, MaxListedMembers);
        var text = new StringBuilder();
        foreach (var member in members)
        {
            text.Append(member.Name).Append('\n');
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["members"] = members.Count.ToString(CultureInfo.InvariantCulture),
            ["methods"] = string.Join(',', members.Select(m => m.Method).Distinct(StringComparer.Ordinal)),
        };
        return new ExtractionResult(text.ToString().TrimEnd('\n'), "lha-listing", Properties: properties) { Unread = UnreadReason };
    }
}
