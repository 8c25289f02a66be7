using NetVips;

namespace FileSearch.Testing.Images;

/// <summary>
/// Real photographs from Debian's wallpaper packages (<c>mate-backgrounds</c>, <c>plasma-workspace-wallpapers</c>;
/// <c>scripts/install-prerequisites.sh --test</c> installs them), the other wallpapers of those packages and of
/// <c>ukui-wallpapers</c> and <c>gnome-backgrounds</c> (illustrations and renderings) as distractors, and the edits a
/// near-duplicate search must see through.
/// </summary>
public static class WallpaperPhotos
{
    private const string Mate = "/usr/share/backgrounds/mate/nature/";
    private const string Plasma = "/usr/share/wallpapers/";

    private static readonly string[] PlasmaPhotos =
    [
        "BytheWater", "ColdRipple", "ColorfulCups", "DarkestHour", "EveningGlow", "FallenLeaf", "Grey", "Kite",
        "OneStandsOut", "Path", "Volna", "summer_1am",
    ];

    private static readonly string[] MatePhotos =
    [
        "Aqua", "Blinds", "Dune", "FreshFlower", "Garden", "GreenMeadow", "LadyBird", "RainDrops", "Storm", "TwoWings",
        "Wood", "YellowFlower",
    ];

    /// <summary>The 24 photographs (12 MATE nature, 12 KDE Plasma); fails with the install hint when a package is missing.</summary>
    public static IReadOnlyList<string> Photographs()
    {
        var photos = MatePhotos.Select(n => Mate + n + ".jpg")
            .Concat(PlasmaPhotos.Select(n => Largest(Plasma + n + "/contents/images")))
            .ToList();
        var missing = photos.Count(p => !File.Exists(p));
        return missing == 0
            ? photos
            : throw new InvalidOperationException(
                $"{missing} wallpaper photographs are missing: run scripts/install-prerequisites.sh --test (mate-backgrounds, plasma-workspace-wallpapers)");
    }

    /// <summary>The other wallpapers (JPEG, PNG, WebP; one size each), sorted; none of them is a copy of a photograph.</summary>
    public static IReadOnlyList<string> Distractors()
    {
        var photos = Photographs().Select(p => Path.GetFullPath(p)).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var root in new[] { "/usr/share/backgrounds", Plasma })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            found.AddRange(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".png" or ".webp")
                .Where(f => !photos.Contains(Path.GetFullPath(f)) && !IsOtherSizeOfPhoto(f)));
        }

        // One file per Plasma wallpaper folder (the largest size is enough), every other wallpaper as it is.
        return [.. found
            .GroupBy(f => f.StartsWith(Plasma, StringComparison.Ordinal) ? Path.GetDirectoryName(f)! : f)
            .Select(g => g.Order(StringComparer.Ordinal).First())
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The edits, each turning a photograph into an edited copy written to a JPEG file.</summary>
    public static IReadOnlyList<(string Name, Action<Image, string> Write)> Edits { get; } =
    [
        ("half-jpeg", (i, path) => Save(i.Resize(0.5), path, quality: 70)),
        ("crop10", (i, path) => Save(Crop(i, 0.10), path)),
        ("crop20", (i, path) => Save(Crop(i, 0.20), path)),
        ("grayscale", (i, path) => Save(i.Colourspace(Enums.Interpretation.Bw), path)),
        ("rot90", (i, path) => Save(i.Rot90(), path)),
        ("rot180", (i, path) => Save(i.Rot180(), path)),
        ("rot270", (i, path) => Save(i.Rot270(), path)),
        ("exif-rot", (i, path) => SaveWithOrientation(i, path)),
        ("caption", (i, path) => Save(Caption(i), path)),
        ("bright-contrast", (i, path) => Save(BrightnessContrast(i), path)),
    ];

    /// <summary>A photograph decoded with its longer side at most <paramref name="maxSide"/> (the indexed "original").</summary>
    public static Image Load(string path, int maxSide = 1024) => Image.Thumbnail(path, maxSide, height: maxSide);

    /// <summary>
    /// Writes <paramref name="source"/> as the indexed "original" of a test set: at most 1024 pixels on its longer side,
    /// transparency flattened onto white, JPEG quality 92.
    /// </summary>
    public static void WriteOriginal(string source, string path)
    {
        using var image = Load(source);
        using var opaque = image.HasAlpha() ? image.Flatten(background: [255.0]) : image.Copy();
        opaque.Jpegsave(path, q: 92);
    }

    /// <summary>Keeps the centre, cutting <paramref name="share"/> of the width and of the height.</summary>
    private static Image Crop(Image image, double share)
    {
        var (w, h) = ((int)(image.Width * (1 - share)), (int)(image.Height * (1 - share)));
        return image.Crop((image.Width - w) / 2, (image.Height - h) / 2, w, h);
    }

    /// <summary>Pixels stored turned 90° anticlockwise with EXIF orientation 6: a viewer shows the photograph upright.</summary>
    private static void SaveWithOrientation(Image image, string path)
    {
        using var stored = image.Rot270();
        using var tagged = stored.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        tagged.Jpegsave(path, q: 90);
    }

    /// <summary>A caption band and a logo-like mark stamped on the lower part of the picture.</summary>
    private static Image Caption(Image image)
    {
        var size = Math.Max(12, image.Height / 14);
        using var mask = Image.Text("Summer 2025 · 営業部 ©", font: $"sans bold {size}", dpi: 72);
        using var white = mask.NewFromImage([255.0, 255.0, 255.0]);
        using var text = white.Bandjoin(mask).Copy(interpretation: Enums.Interpretation.Srgb);
        using var band = Image.Black(image.Width, mask.Height + (size / 2)).NewFromImage([0.0, 0.0, 0.0, 140.0])
            .Copy(interpretation: Enums.Interpretation.Srgb);
        using var rgb = image.Bands == 3 ? image.Copy() : image.Colourspace(Enums.Interpretation.Srgb);
        var bandTop = image.Height - band.Height - (image.Height / 12);
        using var banded = rgb.Composite2(band, Enums.BlendMode.Over, x: 0, y: bandTop);
        using var captioned = banded.Composite2(text, Enums.BlendMode.Over, x: image.Width / 20, y: bandTop + (size / 4));
        using var logo = Image.Black(size * 2, size * 2).NewFromImage([255.0, 200.0, 0.0, 200.0]).Copy(interpretation: Enums.Interpretation.Srgb);
        using var marked = captioned.Composite2(logo, Enums.BlendMode.Over, x: image.Width - (size * 3), y: size);
        return marked.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>Contrast raised by 25% around mid-grey and brightness by 20 levels: 1.25 × (v − 128) + 128 + 20.</summary>
    private static Image BrightnessContrast(Image image)
    {
        using var linear = image.Linear([1.25], [-12.0]);
        return linear.Cast(Enums.BandFormat.Uchar);
    }

    private static void Save(Image image, string path, int quality = 85)
    {
        using (image)
        {
            image.Jpegsave(path, q: quality);
        }
    }

    /// <summary>The largest of a Plasma wallpaper's sizes (files named <c>{width}x{height}.jpg</c>), or "" when absent.</summary>
    private static string Largest(string folder) =>
        !Directory.Exists(folder)
            ? string.Empty
            : Directory.GetFiles(folder, "*.jpg")
                .OrderByDescending(f => Path.GetFileNameWithoutExtension(f).Split('x').Select(d => long.TryParse(d, out var v) ? v : 0).Aggregate(1L, (a, b) => a * b))
                .FirstOrDefault() ?? string.Empty;

    private static bool IsOtherSizeOfPhoto(string file) =>
        (file.StartsWith(Plasma, StringComparison.Ordinal) && PlasmaPhotos.Any(p => file.StartsWith(Plasma + p + "/", StringComparison.Ordinal)))
        || file.StartsWith(Mate, StringComparison.Ordinal);
}
