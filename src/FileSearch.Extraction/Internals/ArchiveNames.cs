using System.Text;
using SharpCompress.Common;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Decides once per archive how its member names are encoded, where the format leaves it open (ZIP entries without the
/// UTF-8 flag, tar headers): a first pass collects the raw name bytes; when all of them are valid UTF-8 the archive is
/// UTF-8 (Linux and macOS zips, tar), otherwise Shift_JIS (CP932, as Japanese Windows' Explorer and Lhaplus write ZIP
/// names). Deciding per archive, not per name, keeps a Shift_JIS name that happens to be valid UTF-8 from turning into
/// mojibake beside its siblings. Names flagged UTF-8 (ZIP general purpose bit 11) are always read as UTF-8.
/// </summary>
internal sealed class ArchiveNames
{
    private readonly List<byte[]> _raw = [];

    private bool _flaggedNonAscii;

    /// <summary>The decoding of the first pass: names as Latin-1 (byte-preserving), raw bytes collected.</summary>
    public ArchiveEncoding Collecting() => new()
    {
        CustomDecoder = (bytes, offset, count, type) =>
        {
            if (type == EncodingType.UTF8)
            {
                _flaggedNonAscii |= !Ascii.IsValid(bytes.AsSpan(offset, count));
                return JapaneseEncodings.Utf8.GetString(bytes, offset, count);
            }

            _raw.Add(bytes.AsSpan(offset, count).ToArray());
            return Encoding.Latin1.GetString(bytes, offset, count);
        },
    };

    /// <summary>The encoding the collected names are in; UTF-8 when all are ASCII or valid UTF-8.</summary>
    public Encoding Decide()
    {
        foreach (var name in _raw)
        {
            if (!IsUtf8(name))
            {
                return JapaneseEncodings.ShiftJis;
            }
        }

        return JapaneseEncodings.Utf8;
    }

    /// <summary>Names shown in the summary: none when every name was ASCII (nothing to decide).</summary>
    public string? Describe(Encoding chosen) => !_flaggedNonAscii && _raw.All(n => Ascii.IsValid(n)) ? null
        : chosen == JapaneseEncodings.ShiftJis ? "shift_jis" : "utf-8";

    /// <summary>The decoding of the second pass.</summary>
    public static ArchiveEncoding Decoding(Encoding chosen) => new()
    {
        CustomDecoder = (bytes, offset, count, type) =>
            (type == EncodingType.UTF8 ? JapaneseEncodings.Utf8 : chosen).GetString(bytes, offset, count),
    };

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            JapaneseEncodings.Utf8Strict.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
