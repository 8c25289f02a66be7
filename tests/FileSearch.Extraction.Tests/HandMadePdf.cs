using System.Globalization;
using System.Text;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// Writes PDFs byte by byte (with a correct cross-reference table), for damage that no PDF writer
/// produces on purpose: a page the parser cannot build.
/// </summary>
internal static class HandMadePdf
{
    private const string Helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

    /// <summary>A page that shows <paramref name="text"/> in <paramref name="font"/> (Helvetica by default).</summary>
    public static Page TextPage(string text, string font = Helvetica) =>
        new(Encoding.ASCII.GetBytes($"BT /F1 12 Tf 50 750 Td ({text}) Tj ET"), string.Empty, font);

    /// <summary>A page whose media box holds strings instead of numbers: the parser cannot build it.</summary>
    public static Page BrokenMediaBoxPage() => TextPage("Lost") with { MediaBox = "/MediaBox [0 0 (a) (b)]" };

    public static byte[] Build(params Page[] pages)
    {
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (2 * i)} 0 R"))}] /Count {pages.Length} >>"),
            Ascii(Helvetica),
        };
        for (var i = 0; i < pages.Length; i++)
        {
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R {pages[i].MediaBox} /Resources << /Font << /F1 {pages[i].Font} >> >> /Contents {5 + (2 * i)} 0 R >>"));
            objects.Add([.. Ascii($"<< /Length {pages[i].Data.Length} {pages[i].Filter} >>\nstream\n"), .. pages[i].Data, .. Ascii("\nendstream")]);
        }

        return PdfFile.Build(objects);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A page: its content stream, the stream's filter entry and the font dictionary F1.</summary>
    internal sealed record Page(byte[] Data, string Filter, string Font, string MediaBox = "/MediaBox [0 0 595 842]");
}
