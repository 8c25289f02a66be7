using System.Text;

namespace FileSearch.Extraction.Tests;

/// <summary>Encodes test text the way other programs would have written it.</summary>
internal static class EncodedText
{
    public static Encoding ShiftJis => CodePagesEncodingProvider.Instance.GetEncoding(932)!;

    public static Encoding EucJp => CodePagesEncodingProvider.Instance.GetEncoding(51932)!;

    public static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-8" => Encoding.UTF8.GetBytes(text),
        "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
        "utf-16le-bom" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        "utf-16be-bom" => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
        "utf-16le" => Encoding.Unicode.GetBytes(text),
        "utf-16be" => Encoding.BigEndianUnicode.GetBytes(text),
        "shift_jis" => ShiftJis.GetBytes(text),
        "euc-jp" => EucJp.GetBytes(text),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };
}
