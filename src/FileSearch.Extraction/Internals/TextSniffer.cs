using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>An encoding chosen for some bytes, and whether the bytes look like text at all.</summary>
/// <param name="Encoding">Lenient decoder (U+FFFD for invalid bytes).</param>
/// <param name="Name">Web name reported to callers: utf-8, utf-16, utf-16be, shift_jis, euc-jp.</param>
/// <param name="PreambleLength">Bytes of byte-order mark to skip.</param>
/// <param name="LooksLikeText">False when the bytes are more likely binary.</param>
internal sealed record TextEncodingGuess(Encoding Encoding, string Name, int PreambleLength, bool LooksLikeText);

/// <summary>
/// Decides the encoding of text from its bytes, never assuming one: byte-order mark, strict UTF-8,
/// UTF-16 without BOM (NULs on one side of each pair), else Shift_JIS (CP932) versus EUC-JP by
/// strict decoding and a score of plausible Japanese characters.
/// </summary>
internal static class TextSniffer
{
    /// <summary>Bytes decoded to score the legacy Japanese encodings (scoring more adds nothing but time).</summary>
    private const int ScoreSampleBytes = 256 * 1024;

    public static TextEncodingGuess Detect(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        // A byte-order mark chooses the encoding, but binary data can start with the same bytes:
        // the content after it must still read as text.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DetectUtf8(bytes[3..], isComplete, preambleLength: 3) ?? new(JapaneseEncodings.Utf8, "utf-8", 3, false);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DetectUtf16(bytes[2..], isComplete, bigEndian: bytes[0] == 0xFE, preambleLength: 2);
        }

        if (bytes.Contains((byte)0))
        {
            return DetectUtf16WithoutBom(bytes, isComplete);
        }

        return DetectUtf8(bytes, isComplete, preambleLength: 0) ?? DetectLegacyJapanese(bytes, isComplete);
    }

    /// <summary>UTF-8, strictly valid or with a damaged byte here and there; null when the bytes are not UTF-8.</summary>
    private static TextEncodingGuess? DetectUtf8(ReadOnlySpan<byte> bytes, bool isComplete, int preambleLength)
    {
        if (!JapaneseEncodings.IsValid(JapaneseEncodings.Utf8Strict, bytes, isComplete))
        {
            var text = NonAsciiSample(bytes, isComplete, out var textComplete);
            if (!IsMostlyUtf8(JapaneseEncodings.Decode(JapaneseEncodings.Utf8, text, textComplete)))
            {
                return null;
            }
        }

        var head = Sample(bytes, 0, isComplete, out var headComplete);
        var score = CharacterScore.Of(JapaneseEncodings.Decode(JapaneseEncodings.Utf8, head, headComplete));
        return new(JapaneseEncodings.Utf8, "utf-8", preambleLength, score.FewControls);
    }

    /// <summary>
    /// The sample to judge an encoding by starts at the first non-ASCII byte: an ASCII preamble says
    /// nothing, and in every candidate encoding the first byte above 0x7F starts a character.
    /// </summary>
    private static ReadOnlySpan<byte> NonAsciiSample(ReadOnlySpan<byte> bytes, bool isComplete, out bool sampleComplete) =>
        Sample(bytes, Math.Max(bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF), 0), isComplete, out sampleComplete);

    private static ReadOnlySpan<byte> Sample(ReadOnlySpan<byte> bytes, int start, bool isComplete, out bool sampleComplete)
    {
        var sample = bytes[start..];
        sample = sample.Length > ScoreSampleBytes ? sample[..ScoreSampleBytes] : sample;
        sampleComplete = isComplete && start + sample.Length == bytes.Length;
        return sample;
    }

    /// <summary>
    /// UTF-8 with a damaged byte here and there. Shift_JIS and EUC-JP text is never read this way:
    /// their lead and trail bytes hardly ever form valid UTF-8 sequences.
    /// </summary>
    private static bool IsMostlyUtf8(string decoded)
    {
        int valid = 0, invalid = 0;
        foreach (var c in decoded)
        {
            if (c == JapaneseEncodings.Replacement)
            {
                invalid++;
            }
            else if (c >= '\u0080')
            {
                valid++;
            }
        }

        return valid >= 8 && invalid * 20 <= valid;
    }

    private static TextEncodingGuess DetectLegacyJapanese(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        var sample = NonAsciiSample(bytes, isComplete, out var sampleComplete);
        var sjisValid = JapaneseEncodings.IsValid(JapaneseEncodings.ShiftJisStrict, bytes, isComplete);
        var eucValid = JapaneseEncodings.IsValid(JapaneseEncodings.EucJpStrict, bytes, isComplete);
        var sjis = CharacterScore.Of(JapaneseEncodings.Decode(JapaneseEncodings.ShiftJis, sample, sampleComplete));
        var euc = CharacterScore.Of(JapaneseEncodings.Decode(JapaneseEncodings.EucJp, sample, sampleComplete));

        // A strict decode is the stronger evidence; the score only decides between equals.
        var pickEuc = sjisValid != eucValid ? eucValid : euc.Score > sjis.Score;
        return pickEuc
            ? new(JapaneseEncodings.EucJp, "euc-jp", 0, euc.LooksLikeJapanese)
            : new(JapaneseEncodings.ShiftJis, "shift_jis", 0, sjis.LooksLikeJapanese);
    }

    private static TextEncodingGuess DetectUtf16WithoutBom(ReadOnlySpan<byte> bytes, bool isComplete)
    {
        var sample = Sample(bytes, 0, isComplete, out _);
        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            evenNuls += sample[i] == 0 ? 1 : 0;
            oddNuls += sample[i + 1] == 0 ? 1 : 0;
        }

        // ASCII in UTF-16 puts its NUL on one side; Japanese adds a few on the other (U+3000, U+4E00).
        var bigEndian = evenNuls > oddNuls;
        var (major, minor) = bigEndian ? (evenNuls, oddNuls) : (oddNuls, evenNuls);
        var guess = DetectUtf16(bytes, isComplete, bigEndian, preambleLength: 0);
        return minor * 5 > major ? guess with { LooksLikeText = false } : guess;
    }

    /// <summary>UTF-16 that decodes strictly (no unpaired surrogates) into hardly any control characters.</summary>
    private static TextEncodingGuess DetectUtf16(ReadOnlySpan<byte> bytes, bool isComplete, bool bigEndian, int preambleLength)
    {
        var sample = Sample(bytes, 0, isComplete, out var complete);
        var encoding = bigEndian ? JapaneseEncodings.Utf16BE : JapaneseEncodings.Utf16LE;
        var strict = bigEndian ? JapaneseEncodings.Utf16BEStrict : JapaneseEncodings.Utf16LEStrict;
        var looksLikeText = JapaneseEncodings.IsValid(strict, sample, complete)
            && CharacterScore.Of(JapaneseEncodings.Decode(encoding, sample, complete)).FewControls;
        return new(encoding, bigEndian ? "utf-16be" : "utf-16", preambleLength, looksLikeText);
    }
}
