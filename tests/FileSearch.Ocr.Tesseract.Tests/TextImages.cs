using NetVips;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>Renders black-on-white text pages with libvips and the Noto CJK font (fonts-noto-cjk).</summary>
internal static class TextImages
{
    public const string NotoSansCjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>A page of <paramref name="text"/> at <paramref name="pointSize"/> pt, tagged with <paramref name="dpi"/>.</summary>
    public static Image Render(string text, int pointSize = 12, int dpi = 300)
    {
        using var mask = Image.Text(text, font: $"Noto Sans CJK JP {pointSize}", fontfile: NotoSansCjk, dpi: dpi);
        using var page = mask.Invert();
        using var padded = page.Embed(60, 60, mask.Width + 120, mask.Height + 120, extend: Enums.Extend.White);
        return padded.Copy(xres: dpi / 25.4, yres: dpi / 25.4);
    }

    public static string SavePng(string path, string text, int pointSize = 12)
    {
        using var image = Render(text, pointSize);
        image.WriteToFile(path);
        return path;
    }

    /// <summary>A multi-page TIFF, one page per text, all pages padded to the same size.</summary>
    public static string SaveTiff(string path, params string[] pageTexts)
    {
        var pages = pageTexts.Select(t => Render(t)).ToArray();
        try
        {
            var width = pages.Max(p => p.Width);
            var height = pages.Max(p => p.Height);
            var sameSize = pages.Select(p => p.Embed(0, 0, width, height, extend: Enums.Extend.White)).ToArray();
            using var stacked = Image.Arrayjoin(sameSize, across: 1);
            using var tagged = stacked.Mutate(m => m.Set(GValue.GIntType, "page-height", height));
            tagged.Tiffsave(path, compression: Enums.ForeignTiffCompression.Deflate);
            foreach (var p in sameSize)
            {
                p.Dispose();
            }
        }
        finally
        {
            foreach (var p in pages)
            {
                p.Dispose();
            }
        }

        return path;
    }
}
