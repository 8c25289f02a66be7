using System.Text;
using FileSearch.Testing.Images;
using NetVips;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// The files of the <see cref="CorpusMix.Share"/> mix that the classic corpus lacks, made from real inputs: camera photos
/// from the Debian wallpaper photographs (<see cref="WallpaperPhotos"/>) at 12-24 MP with an EXIF orientation, phone
/// screenshots and scans at 150-600 dpi of the Japanese prose of the OCR accuracy set (<c>tests/data/ocr-accuracy</c>),
/// and plain UTF-8 notes of the same prose.
/// </summary>
internal sealed class ShareFiles
{
    private static readonly (int Width, int Height)[] CameraSizes = [(4000, 3000), (5184, 3456), (6000, 4000)];
    private static readonly int[] Orientations = [1, 6, 3, 8];
    private static readonly int[] ScanDpis = [150, 200, 300, 600];

    private readonly Lazy<IReadOnlyList<string>> _photos = new(WallpaperPhotos.Photographs);
    private readonly Lazy<string[]> _prose = new(ReadProse);

    /// <summary>A camera photo: photograph n, cropped and enlarged to 12, 18 or 24 MP, stored as the sensor saw it with the orientation tag that turns it upright.</summary>
    public void CameraPhoto(int n, string path)
    {
        var photos = _photos.Value;
        var k = int.Abs(n % 1_000_000);
        var (width, height) = CameraSizes[k % CameraSizes.Length];
        var orientation = Orientations[k / CameraSizes.Length % Orientations.Length];
        var turned = orientation is 6 or 8;
        var (shownWidth, shownHeight) = turned ? (height, width) : (width, height);
        using var source = Image.NewFromFile(photos[k % photos.Count]);
        var scale = Math.Max(shownWidth / (double)source.Width, shownHeight / (double)source.Height);
        using var resized = source.Resize(scale, kernel: Enums.Kernel.Lanczos3);
        using var shown = resized.Crop((resized.Width - shownWidth) / 2, (resized.Height - shownHeight) / 2, shownWidth, shownHeight);
        // What the sensor recorded: the upright picture turned back; the tag says how to turn it upright again.
        using var stored = orientation switch
        {
            6 => shown.Rot270(),
            8 => shown.Rot90(),
            3 => shown.Rot180(),
            _ => shown.Copy(),
        };
        using var tagged = stored.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation));
        tagged.Jpegsave(path, q: 90, keep: Enums.ForeignKeep.Exif);
    }

    /// <summary>A phone screenshot (1170x2532 PNG, 3x scale): a blue title bar and a list of prose lines, as a notes app shows them.</summary>
    public void Screenshot(int n, string path)
    {
        const int Width = 1170;
        const int Height = 2532;
        const int Bar = 300;
        var lines = Lines(n * 7, 13);
        using var xyz = Image.Xyz(Width, Height);
        using var y = xyz[1];
        using var inHeader = y < Bar;
        using var background = inHeader.Ifthenelse(new double[] { 0, 122, 255 }, new double[] { 248, 248, 250 });
        using var inkColour = inHeader.Ifthenelse(new double[] { 255, 255, 255 }, new double[] { 20, 20, 20 });
        var mask = Add(Mask(Width, Height, "9:41", 60, 40, 9), Mask(Width, Height, "メモ ・ " + lines[0][..Math.Min(8, lines[0].Length)], 60, 170, 13));
        for (var i = 1; i < lines.Count; i++)
        {
            mask = Add(mask, Mask(Width, Height, lines[i], 60, Bar + 60 + ((i - 1) * 165), 11));
        }

        using (mask)
        {
            using var blended = mask.Ifthenelse(inkColour, background, blend: true);
            using var rgb = blended.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
            rgb.Pngsave(path, keep: Enums.ForeignKeep.None);
        }
    }

    /// <summary>The resolution <see cref="Scan"/> uses for page <paramref name="n"/>.</summary>
    public static int ScanDpiOf(int n) => ScanDpis[((n % ScanDpis.Length) + ScanDpis.Length) % ScanDpis.Length];

    /// <summary>Scan number <paramref name="n"/>: an A4 page of prose at 150, 200, 300 or 600 dpi in turn (gray JPEG tagged with its resolution).</summary>
    public void Scan(int n, int seed, string path)
    {
        var dpi = ScanDpiOf(n);
        n = unchecked(n + seed);
        var (width, height) = (ScanRenderer.A4Width * dpi / 300, ScanRenderer.A4Height * dpi / 300);
        var margin = 236 * dpi / 300;
        var random = new Random(n);
        var text = string.Join('\n', Lines(n * 11, 24));
        using var mask = Image.Text(text, font: "Noto Sans CJK JP 10.5", fontfile: ScanRenderer.FontFile, width: width - (2 * margin), dpi: dpi, spacing: 18 * dpi / 300);
        using var ink = mask.Invert();
        using var page = ink.Embed(margin, margin, width, height, extend: Enums.Extend.White);
        // Not cryptographic: reproducible test pages.
#pragma warning disable CA5394
        using var rotated = page.Rotate((random.NextDouble() - 0.5) * 1.6, background: [255]);
#pragma warning restore CA5394
        using var cropped = rotated.Gravity(Enums.CompassDirection.Centre, width, height, extend: Enums.Extend.White);
        using var paper = cropped * 0.93;
        using var noise = Image.Gaussnoise(width, height, sigma: 5, mean: 0, seed: n);
        using var noisy = paper + noise;
        using var blurred = noisy.Gaussblur(0.4 * dpi / 300);
        using var gray = blurred.Cast(Enums.BandFormat.Uchar).Copy(xres: dpi / 25.4, yres: dpi / 25.4, interpretation: Enums.Interpretation.Bw);
        // Default keep: libvips writes the JFIF density only when metadata is kept (the page has no EXIF of its own).
        gray.Jpegsave(path, q: 85);
    }

    /// <summary>A note of about 1-3 KB of prose in UTF-8.</summary>
    public void Note(int n, string path) =>
        File.WriteAllText(path, string.Join('\n', Lines(n * 5, 10 + (n % 3 * 10))) + "\n", new UTF8Encoding(false));

    /// <summary><paramref name="count"/> consecutive prose lines from line <paramref name="start"/> on (wrapping round).</summary>
    private List<string> Lines(int start, int count)
    {
        var prose = _prose.Value;
        return [.. Enumerable.Range(0, count).Select(i => prose[(int)((((long)start + i) % prose.Length + prose.Length) % prose.Length)])];
    }

    private static Image Mask(int width, int height, string text, int x, int y, double points)
    {
        using var glyphs = Image.Text(text, font: $"Noto Sans CJK JP {points.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            fontfile: ScanRenderer.FontFile, dpi: 330, width: width - x - 40);
        return glyphs.Embed(x, y, width, height);
    }

    private static Image Add(Image a, Image b)
    {
        using (a)
        using (b)
        {
            using var sum = a + b;
            return sum.Cast(Enums.BandFormat.Uchar);
        }
    }

    private static string[] ReadProse()
    {
        var root = RepositoryRoot.Find("tests/data/ocr-accuracy")
            ?? throw new InvalidOperationException("the share mix needs tests/data/ocr-accuracy: run from the FileSearch checkout");
        var lines = Directory.GetFiles(Path.Combine(root, "tests/data/ocr-accuracy"), "*.gt.txt").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadAllLines)
            .Select(l => l.Trim())
            .Where(l => l.Length >= 8)
            .ToArray();
        return lines.Length > 0 ? lines : throw new InvalidOperationException("no prose in tests/data/ocr-accuracy");
    }
}
