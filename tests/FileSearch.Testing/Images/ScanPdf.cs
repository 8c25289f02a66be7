using System.Globalization;
using System.Text;
using NetVips;

namespace FileSearch.Testing.Images;

/// <summary>
/// Writes small PDFs by hand: "scanned" pages (a JPEG of rendered text drawn over the whole page, no text layer)
/// and text pages (Helvetica text layer). ImageMagick's PDF writer is disabled by Debian's policy.
/// </summary>
public static class ScanPdf
{
    private const int Dpi = 300;

    /// <summary>A scanned page showing <paramref name="text"/>.</summary>
    public static Page Scan(string text)
    {
        using var image = TextImages.Render(text);
        return new Page(image.JpegsaveBuffer(q: 90), image.Width, image.Height, null);
    }

    /// <summary>A page whose text layer holds <paramref name="asciiText"/> (or raw content such as garbage).</summary>
    public static Page Text(string asciiText) => new(null, 1200, 400, asciiText);

    public static string Save(string path, params Page[] pages)
    {
        File.WriteAllBytes(path, Build(pages));
        return path;
    }

    private static byte[] Build(Page[] pages)
    {
        // Objects: 1 catalog, 2 pages, 3 font, then per page: page, contents, image (image unused for text pages).
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii($"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{4 + (3 * i)} 0 R"))}] /Count {pages.Length} >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        };
        for (var i = 0; i < pages.Length; i++)
        {
            var page = pages[i];
            var width = Pt(page.Width);
            var height = Pt(page.Height);
            var content = page.Jpeg is null
                ? $"BT /F1 12 Tf 20 40 Td ({page.TextLayer}) Tj ET"
                : $"q {width} 0 0 {height} 0 0 cm /Im0 Do Q";
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] " +
                $"/Resources << /Font << /F1 3 0 R >> /XObject << /Im0 {6 + (3 * i)} 0 R >> >> /Contents {5 + (3 * i)} 0 R >>"));
            objects.Add(Stream(Ascii(content), string.Empty));
            objects.Add(page.Jpeg is null
                ? Ascii("null")
                : Stream(page.Jpeg, $"/Type /XObject /Subtype /Image /Width {page.Width} /Height {page.Height} " +
                    "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode"));
        }

        return PdfFile.Build(objects);
    }

    private static string Pt(int pixels) => (pixels * 72.0 / Dpi).ToString("F2", CultureInfo.InvariantCulture);

    private static byte[] Stream(byte[] data, string entries) =>
        [.. Ascii($"<< /Length {data.Length} {entries} >>\nstream\n"), .. data, .. Ascii("\nendstream")];

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public sealed record Page(byte[]? Jpeg, int Width, int Height, string? TextLayer);
}
