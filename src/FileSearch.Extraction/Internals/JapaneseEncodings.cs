using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The encodings text sniffing chooses between, in a strict form (throws on invalid bytes, for
/// validation) and a lenient form (U+FFFD for invalid bytes, for decoding).
/// </summary>
internal static class JapaneseEncodings
{
    public const char Replacement = '\uFFFD';

    // Shift_JIS as Windows writes it (CP932, a superset with NEC/IBM extensions); EUC-JP is 51932.
    private const int ShiftJisCodePage = 932;
    private const int EucJpCodePage = 51932;

#pragma warning disable CA1810 // the provider must be registered before the encodings below are created
    static JapaneseEncodings()
    {
        // Registering the same provider instance again is a no-op, so this is safe alongside other registrations.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        ShiftJis = Create(ShiftJisCodePage, strict: false);
        ShiftJisStrict = Create(ShiftJisCodePage, strict: true);
        EucJp = Create(EucJpCodePage, strict: false);
        EucJpStrict = Create(EucJpCodePage, strict: true);
    }
#pragma warning restore CA1810

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Encoding Utf8Strict { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Utf16LE { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false);

    public static Encoding Utf16LEStrict { get; } = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);

    public static Encoding Utf16BE { get; } = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false);

    public static Encoding Utf16BEStrict { get; } = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    public static Encoding ShiftJis { get; }

    public static Encoding ShiftJisStrict { get; }

    public static Encoding EucJp { get; }

    public static Encoding EucJpStrict { get; }

    /// <summary>
    /// True when <paramref name="bytes"/> decode without error. With <paramref name="isComplete"/>
    /// false a character cut at the end of the sample is not an error.
    /// </summary>
    public static bool IsValid(Encoding strict, ReadOnlySpan<byte> bytes, bool isComplete)
    {
        try
        {
            strict.GetDecoder().GetCharCount(bytes, flush: isComplete);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Decodes with U+FFFD for invalid bytes, leaving a character cut at the end out when incomplete.</summary>
    public static string Decode(Encoding lenient, ReadOnlySpan<byte> bytes, bool isComplete)
    {
        var decoder = lenient.GetDecoder();
        var chars = new char[decoder.GetCharCount(bytes, flush: isComplete)];
        var written = decoder.GetChars(bytes, chars, flush: isComplete);
        return new string(chars, 0, written);
    }

    /// <summary>A lenient decoder for a Windows code page (932 is CP932), or null when the runtime has none.</summary>
    public static Encoding? ForCodePage(int codePage)
    {
        if (codePage == ShiftJisCodePage)
        {
            return ShiftJis;
        }

        try
        {
            return Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(Replacement.ToString()));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>A lenient decoder for an encoding name (IANA or Windows), or null when the runtime has none.</summary>
    public static Encoding? ForName(string name)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(Replacement.ToString()));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding Create(int codePage, bool strict) => strict
        ? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        : Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(Replacement.ToString()));
}
