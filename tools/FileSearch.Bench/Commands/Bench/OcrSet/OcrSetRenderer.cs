using System.Text;
using NetVips;

namespace FileSearch.Bench.Commands.Bench.OcrSet;

/// <summary>
/// Renders an <see cref="OcrSetPage"/> with libvips (pango) and the Noto CJK fonts at 11 pt, 300 dpi: a paragraph
/// cut into lines of 30 characters, or for vertical pages columns of 18 characters set right to left, one glyph per
/// cell; a page with Latin words (<see cref="MixedLayout"/>) breaks lines between words, not inside them, and sets
/// its Latin words turned a quarter clockwise in vertical columns. Then degrades it; the noise has the page number as seed, so the same page is written the same way each time.
/// </summary>
internal static class OcrSetRenderer
{
    public const string SerifFontFile = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
    private const int Dpi = 300;
    private const int Margin = 90;
    private const int LineLength = 30;
    private const int ColumnLength = 18;

    /// <summary>Characters that never start a line (kinsoku): they stay at the end of the previous one.</summary>
    private const string NoLineStart = "、。，．」』）：・ー？！";

    /// <summary>Set sideways in vertical text (their vertical forms are these glyphs turned a quarter clockwise).</summary>
    private const string Sideways = "「」『』（）ー：";

    /// <summary>Set in the upper right of their cell in vertical text.</summary>
    private const string UpperRight = "、。";

    /// <summary>The page's lines (columns for vertical pages), top to bottom (right to left).</summary>
    public static IReadOnlyList<string> Lines(OcrSetPage page)
    {
        var length = page.Vertical ? ColumnLength : LineLength;
        if (MixedLayout.IsMixed(page.Text))
        {
            return MixedLayout.Lines(page.Text, length, NoLineStart);
        }

        var lines = new List<StringBuilder>();
        foreach (var c in page.Text)
        {
            if (lines.Count == 0 || (lines[^1].Length >= length && !NoLineStart.Contains(c, StringComparison.Ordinal)))
            {
                lines.Add(new StringBuilder());
            }

            lines[^1].Append(c);
        }

        return [.. lines.Select(l => l.ToString())];
    }

    /// <summary>The finished page (8-bit gray, tagged 300 dpi), degraded as the page says.</summary>
    public static Image Render(OcrSetPage page)
    {
        var font = page.Serif ? ("Noto Serif CJK JP 11", SerifFontFile) : ("Noto Sans CJK JP 11", Corpus.ScanRenderer.FontFile);
        using var ink = page.Vertical ? Vertical(Lines(page), font) : Horizontal(Lines(page), font);
        using var paper = ink.Embed(Margin, Margin, ink.Width + (2 * Margin), ink.Height + (2 * Margin), extend: Enums.Extend.White);
        using var degraded = Degrade(paper, page.Degradation, page.Number);
        return degraded.Copy(xres: Dpi / 25.4, yres: Dpi / 25.4, interpretation: Enums.Interpretation.Bw);
    }

    private static Image Horizontal(IReadOnlyList<string> lines, (string Name, string File) font)
    {
        using var mask = Image.Text(string.Join('\n', lines), font: font.Name, fontfile: font.File, dpi: Dpi);
        return mask.Invert();
    }

    private static Image Vertical(IReadOnlyList<string> columns, (string Name, string File) font)
    {
        using var em = Image.Text("国", font: font.Name, fontfile: font.File, dpi: Dpi);
        var cell = Math.Max(em.Width, em.Height) + 8;
        var owned = new List<Image>();
        var columnImages = new List<Image>();
        try
        {
            foreach (var column in columns.Reverse())
            {
                if (MixedLayout.IsMixed(column))
                {
                    columnImages.Add(MixedLayout.VerticalColumn(column, cell, cell * ColumnLength, font, c => Cell(c, cell, font)));
                    continue;
                }

                var cells = column.Select(c => Cell(c, cell, font)).ToArray();
                owned.AddRange(cells);
                var stacked = Image.Arrayjoin(cells, across: 1);
                owned.Add(stacked);
                // A mark that never starts a column (、。ー) stays at the end of the previous one, as a 19th cell.
                columnImages.Add(stacked.Gravity(Enums.CompassDirection.North, cell, Math.Max(stacked.Height, cell * ColumnLength), extend: Enums.Extend.White));
            }

            var height = columnImages.Max(c => c.Height);
            if (columnImages.Any(c => c.Height != height))
            {
                owned.AddRange(columnImages);
                columnImages = [.. columnImages.Select(c => c.Gravity(Enums.CompassDirection.North, cell, height, extend: Enums.Extend.White))];
            }

            return Image.Arrayjoin([.. columnImages], across: columnImages.Count, shim: cell / 2, background: [255.0]);
        }
        finally
        {
            foreach (var image in owned.Concat(columnImages))
            {
                image.Dispose();
            }
        }
    }

    private static Image Cell(char character, int size, (string Name, string File) font)
    {
        using var mask = Image.Text(character.ToString(), font: font.Name, fontfile: font.File, dpi: Dpi);
        using var glyph = mask.Invert();
        using var turned = Sideways.Contains(character, StringComparison.Ordinal) ? glyph.Rot90() : glyph.Copy();
        var place = UpperRight.Contains(character, StringComparison.Ordinal) ? Enums.CompassDirection.NorthEast : Enums.CompassDirection.Centre;
        using var inset = turned.Embed(4, 4, turned.Width + 8, turned.Height + 8, extend: Enums.Extend.White);
        return inset.Gravity(place, size, size, extend: Enums.Extend.White);
    }

    private static Image Degrade(Image page, Degradation d, int seed)
    {
        var image = page.Cast(Enums.BandFormat.Float);
        image = Then(image, i => d.LowContrast ? (i * (65.0 / 255)) + 140 : i.Copy());
        image = Then(image, i => d.Skew != 0 ? i.Rotate(d.Skew, background: [d.LowContrast ? 205.0 : 255.0]) : i.Copy());
        image = Then(image, i => d.Blur > 0 ? i.Gaussblur(d.Blur) : i.Copy());
        image = Then(image, i =>
        {
            if (d.Noise <= 0)
            {
                return i.Copy();
            }

            using var noise = Image.Gaussnoise(i.Width, i.Height, sigma: d.Noise, mean: 0, seed: seed);
            return i + noise;
        });
        image = Then(image, i => d.Rotate switch { 90 => i.Rot90(), 180 => i.Rot180(), 270 => i.Rot270(), _ => i.Copy() });
        using (image)
        {
            return image.Cast(Enums.BandFormat.Uchar);
        }
    }

    private static Image Then(Image image, Func<Image, Image> step)
    {
        using (image)
        {
            return step(image);
        }
    }
}
