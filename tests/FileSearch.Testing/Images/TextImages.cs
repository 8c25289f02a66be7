using NetVips;

namespace FileSearch.Testing.Images;

/// <summary>Renders black-on-white text pages with libvips and the Noto CJK font (fonts-noto-cjk).</summary>
public static class TextImages
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

    /// <summary>
    /// Vertical Japanese: each string is a column, characters stacked top to bottom, columns right to left with a
    /// line gap between them, as printed books and contracts set it.
    /// </summary>
    public static string SaveVertical(string path, params string[] columns)
    {
        var columnImages = new List<Image>();
        try
        {
            foreach (var column in columns.Reverse())
            {
                var glyphs = column.EnumerateRunes().Select(r => Glyph(r.ToString())).ToArray();
                using var size = Image.Text("国", font: "Noto Sans CJK JP 12", fontfile: NotoSansCjk, dpi: 300);
                var cells = glyphs.Select(g => g.Gravity(Enums.CompassDirection.Centre, size.Width + 10, size.Height + 10, extend: Enums.Extend.White)).ToArray();
                columnImages.Add(Image.Arrayjoin(cells, across: 1));
                foreach (var image in glyphs.Concat(cells))
                {
                    image.Dispose();
                }
            }

            using var page = Image.Arrayjoin([.. columnImages], across: columnImages.Count, shim: 30, background: [255.0]);
            using var padded = page.Embed(60, 60, page.Width + 120, page.Height + 120, extend: Enums.Extend.White);
            using var tagged = padded.Copy(xres: 300 / 25.4, yres: 300 / 25.4);
            tagged.WriteToFile(path);
        }
        finally
        {
            foreach (var image in columnImages)
            {
                image.Dispose();
            }
        }

        return path;
    }

    private static Image Glyph(string character)
    {
        using var mask = Image.Text(character, font: "Noto Sans CJK JP 12", fontfile: NotoSansCjk, dpi: 300);
        return mask.Invert();
    }
}
