using NetVips;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// Japanese text rendered as scanned pages with libvips and the Noto Sans CJK font: A4 at 300 dpi, gray paper,
/// a slight skew, sensor noise and a touch of blur, as an office scanner delivers them.
/// </summary>
internal static class ScanRenderer
{
    public const string FontFile = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    public const int A4Width = 2480;
    public const int A4Height = 3508;
    private const int Margin = 236;

    /// <summary>One scanned page (8-bit gray) of <paramref name="lines"/>; <paramref name="seed"/> picks skew and noise.</summary>
    public static Image Page(IReadOnlyList<string> lines, int seed)
    {
        // Not cryptographic: reproducible test pages.
#pragma warning disable CA5394
        var random = new Random(seed);
        var angle = (random.NextDouble() - 0.5) * 2.4;
#pragma warning restore CA5394
        using var page = CleanPage(string.Join('\n', lines), spacing: 18);
        using var rotated = page.Rotate(angle, background: [255]);
        using var cropped = rotated.Gravity(Enums.CompassDirection.Centre, A4Width, A4Height, extend: Enums.Extend.White);
        using var paper = cropped * 0.93;
        using var noise = Image.Gaussnoise(A4Width, A4Height, sigma: 6, mean: 0, seed: seed);
        using var noisy = paper + noise;
        using var blurred = noisy.Gaussblur(0.6);
        using var gray = blurred.Cast(Enums.BandFormat.Uchar);
        return gray.Copy(xres: 300 / 25.4, yres: 300 / 25.4, interpretation: Enums.Interpretation.Bw);
    }

    /// <summary>
    /// <paramref name="text"/> in black on a white page (8-bit gray, 300 dpi, not yet tagged; A4 unless
    /// <paramref name="width"/> and <paramref name="height"/> say otherwise), before any scanner degradation;
    /// <paramref name="spacing"/> null keeps the font's line spacing. Text beyond the page's foot is cut off.
    /// </summary>
    public static Image CleanPage(string text, int? spacing = null, int width = A4Width, int height = A4Height)
    {
        using var mask = Image.Text(text, font: "Noto Sans CJK JP 11", fontfile: FontFile, width: width - (2 * Margin), dpi: 300, spacing: spacing);
        using var ink = mask.Invert();
        return ink.Embed(Margin, Margin, width, height, extend: Enums.Extend.White);
    }

    /// <summary>Baseline JPEG bytes of a page (quality 75, no metadata), as embedded in a scanned PDF.</summary>
    public static byte[] Jpeg(Image page) => page.JpegsaveBuffer(q: 75, keep: Enums.ForeignKeep.None);

    /// <summary>Writes the pages as one multi-page TIFF, 1-bit CCITT G4 (fax-style), 300 dpi.</summary>
    public static void WriteMultiPageTiff(IReadOnlyList<Image> pages, string path)
    {
        using var joined = Image.Arrayjoin([.. pages], across: 1);
        using var bilevel = joined > 160;
        using var tagged = bilevel.Copy(xres: 300 / 25.4, yres: 300 / 25.4);
        var height = pages[0].Height;
        using var paged = tagged.Mutate(m => m.Set(GValue.GIntType, "page-height", height));
        paged.Tiffsave(path, compression: Enums.ForeignTiffCompression.Ccittfax4, bitdepth: 1, keep: Enums.ForeignKeep.None);
    }
}
