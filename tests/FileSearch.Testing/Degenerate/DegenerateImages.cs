using System.Globalization;
using CsCheck;
using NetVips;

namespace FileSearch.Testing.Degenerate;

/// <summary>Colour models and bit depths the image writers produce.</summary>
public enum ImageModel
{
    Gray,
    GrayAlpha,
    Rgb,
    Rgba,
    Gray16,
    Rgb16,
    Palette,
    Bilevel,
    Cmyk,
    IccP3,
}

/// <summary>What the pixels show.</summary>
public enum ImageFill
{
    /// <summary>White: no ink at all.</summary>
    Blank,

    /// <summary>Black everywhere.</summary>
    Dark,

    /// <summary>Fully transparent where the model has alpha, white elsewhere.</summary>
    Transparent,

    Noise,
    Stripes,
}

/// <summary>One generated image: size, colour model, fill and container.</summary>
public sealed record ImageSpec(int Width, int Height, ImageModel Model, ImageFill Fill, string Extension)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}-{Model}-{Fill}.{Extension}").ToLowerInvariant();
}

/// <summary>Images at the edges: every size from 1×1, extreme aspect ratios, every colour model, animation, pages, EXIF orientations, no ink.</summary>
public static class DegenerateImages
{
    private static readonly string[] Extensions = ["png", "jpg", "gif", "webp", "tif"];

    /// <summary>Sizes biased to the smallest (1-4 px) and to powers of two and their neighbours.</summary>
    private static readonly Gen<int> Side = Gen.Frequency(
        (4, Gen.Int[1, 4]),
        (3, Gen.Int[5, 40]),
        (2, Gen.OneOf(15, 16, 17, 63, 64, 65, 255, 256, 257)),
        (1, Gen.Int[41, 700]));

    /// <summary>The generator of random image specs (CsCheck): any model in any container, a writer converts what its format cannot hold.</summary>
    public static readonly Gen<ImageSpec> Specs = Gen.Select(
        Side, Side, Gen.Enum<ImageModel>(), Gen.Enum<ImageFill>(), Gen.OneOf(Extensions),
        (w, h, model, fill, ext) => new ImageSpec(w, h, model, fill, ext));

    internal static void Write(DegenerateCorpus corpus, PCG pcg, int randomImages, bool heavy)
    {
        // Every size from 1x1 to 8x8.
        for (var w = 1; w <= 8; w++)
        {
            for (var h = 1; h <= 8; h++)
            {
                Save(corpus, "images/sizes", new ImageSpec(w, h, (w + h) % 2 == 0 ? ImageModel.Gray : ImageModel.Rgb, ImageFill.Noise, "png"));
            }
        }

        // Extreme aspect ratios, in each container.
        foreach (var (w, h) in new[] { (1, 5000), (5000, 1), (2, 10000), (10000, 2), (3, 4000) })
        {
            foreach (var ext in Extensions)
            {
                Save(corpus, "images/aspect", new ImageSpec(w, h, ImageModel.Rgb, ImageFill.Stripes, ext));
            }
        }

        // Every colour model in every container (the writer converts what its format cannot hold), with and without ink.
        foreach (var model in Enum.GetValues<ImageModel>())
        {
            foreach (var ext in Extensions)
            {
                Save(corpus, "images/models", new ImageSpec(37, 23, model, ImageFill.Stripes, ext));
            }

            Save(corpus, "images/models", new ImageSpec(9, 9, model, ImageFill.Transparent, model == ImageModel.Cmyk ? "tif" : "png"));
        }

        // No ink: blank, black and transparent pages at a few sizes.
        foreach (var fill in new[] { ImageFill.Blank, ImageFill.Dark, ImageFill.Transparent })
        {
            foreach (var side in new[] { 1, 100, 1200 })
            {
                Save(corpus, "images/no-ink", new ImageSpec(side, side, ImageModel.Rgba, fill, "png"));
                Save(corpus, "images/no-ink", new ImageSpec(side, side, ImageModel.Gray, fill, "jpg"));
            }
        }

        WriteOrientations(corpus);
        WriteAnimations(corpus);
        WritePagedTiffs(corpus, heavy);

        // The random part, drawn from the corpus seed.
        var specs = Specs.Array[randomImages].Generate(pcg, null, out _);
        for (var i = 0; i < specs.Length; i++)
        {
            Save(corpus, "images/random", specs[i], prefix: i.ToString("D3", CultureInfo.InvariantCulture) + "-");
        }
    }

    /// <summary>Writes <paramref name="spec"/> to <paramref name="path"/> (its extension's format).</summary>
    public static void WriteFile(ImageSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var image = Build(spec);
        WriteFile(image, path, spec);
    }

    /// <summary>Writes <paramref name="spec"/> under <paramref name="folder"/>.</summary>
    internal static void Save(DegenerateCorpus corpus, string folder, ImageSpec spec, string prefix = "")
    {
        var relative = $"{folder}/{prefix}{spec.Name}";
        using var image = Build(spec);
        WriteFile(image, corpus.PathOf(relative), spec);
        corpus.Add(relative, "image");
    }

    /// <summary>The pixels of <paramref name="spec"/>, in its colour model.</summary>
    public static Image Build(ImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var gray = Fill(spec.Width, spec.Height, spec.Fill);
        using var alpha = spec.Fill == ImageFill.Transparent ? Image.Black(spec.Width, spec.Height) : (Image.Black(spec.Width, spec.Height) + 255).Cast(Enums.BandFormat.Uchar);
        using var rgb = gray.Bandjoin(gray.Invert(), gray).Copy(interpretation: Enums.Interpretation.Srgb);
        return spec.Model switch
        {
            ImageModel.Gray or ImageModel.Palette or ImageModel.Bilevel => gray.Copy(interpretation: Enums.Interpretation.Bw),
            ImageModel.GrayAlpha => gray.Bandjoin(alpha).Copy(interpretation: Enums.Interpretation.Bw),
            ImageModel.Rgb => rgb.Copy(),
            ImageModel.Rgba => rgb.Bandjoin(alpha).Copy(interpretation: Enums.Interpretation.Srgb),
            ImageModel.Gray16 => (gray.Cast(Enums.BandFormat.Ushort) * 257).Cast(Enums.BandFormat.Ushort).Copy(interpretation: Enums.Interpretation.Grey16),
            ImageModel.Rgb16 => (rgb.Cast(Enums.BandFormat.Ushort) * 257).Cast(Enums.BandFormat.Ushort).Copy(interpretation: Enums.Interpretation.Rgb16),
            ImageModel.Cmyk => rgb.IccTransform("cmyk", intent: Enums.Intent.Relative),
            ImageModel.IccP3 => rgb.IccTransform("p3", intent: Enums.Intent.Relative),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
    }

    private static Image Fill(int width, int height, ImageFill fill)
    {
        switch (fill)
        {
            case ImageFill.Blank or ImageFill.Transparent:
                return (Image.Black(width, height) + 255).Cast(Enums.BandFormat.Uchar);
            case ImageFill.Dark:
                return Image.Black(width, height).Cast(Enums.BandFormat.Uchar);
            case ImageFill.Noise:
                using (var noise = Image.Gaussnoise(width, height, sigma: 90, mean: 128, seed: (width * 7919) + height))
                {
                    return noise.Cast(Enums.BandFormat.Uchar);
                }

            default:
                // Dark bars 3 px wide every 8 px, across the long side, like lines of print.
                using (var xyz = Image.Xyz(width, height))
                using (var along = width >= height ? xyz[1] : xyz[0])
                using (var bars = (along % 8) < 3)
                {
                    return bars.Invert().Cast(Enums.BandFormat.Uchar);
                }
        }
    }

    private static void WriteFile(Image image, string path, ImageSpec spec)
    {
        var options = new VOption();
        switch (spec.Extension)
        {
            case "png" when spec.Model == ImageModel.Palette:
                options.Add("palette", true);
                break;
            case "png" or "tif" when spec.Model == ImageModel.Bilevel:
                options.Add("bitdepth", 1);
                break;
            case "png" when spec.Model is ImageModel.Gray16 or ImageModel.Rgb16:
                options.Add("bitdepth", 16);
                break;
        }

        // A writer that cannot hold the model gets it converted: 8-bit sRGB for JPEG, GIF and WebP (libvips would
        // otherwise clip 16-bit values), CMYK kept for JPEG and TIFF.
        var keepsModel = spec.Extension switch
        {
            "png" => spec.Model != ImageModel.Cmyk,
            "tif" => true,
            "jpg" => spec.Model is ImageModel.Gray or ImageModel.Rgb or ImageModel.Cmyk or ImageModel.IccP3 or ImageModel.Bilevel or ImageModel.Palette,
            _ => spec.Model is ImageModel.Gray or ImageModel.Rgb or ImageModel.Rgba or ImageModel.GrayAlpha or ImageModel.Palette or ImageModel.Bilevel,
        };
        if (keepsModel)
        {
            image.WriteToFile(path, options);
            return;
        }

        using var srgb = image.Colourspace(Enums.Interpretation.Srgb);
        using var eight = srgb.Cast(Enums.BandFormat.Uchar);
        using var flat = spec.Extension == "jpg" && eight.HasAlpha() ? eight.Flatten(background: [255.0]) : eight.Copy();
        flat.WriteToFile(path, options);
    }

    private static void WriteOrientations(DegenerateCorpus corpus)
    {
        for (var orientation = 1; orientation <= 8; orientation++)
        {
            foreach (var ext in new[] { "jpg", "tif", "webp", "png" })
            {
                var relative = string.Create(CultureInfo.InvariantCulture, $"images/orientation/exif-{orientation}.{ext}");
                using var image = Build(new ImageSpec(48, 20, ImageModel.Rgb, ImageFill.Stripes, ext));
                using var oriented = image.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation));
                oriented.WriteToFile(corpus.PathOf(relative));
                corpus.Add(relative, "image");
            }
        }
    }

    private static void WriteAnimations(DegenerateCorpus corpus)
    {
        foreach (var (w, h, frames) in new[] { (1, 1, 2), (16, 16, 30), (200, 3, 5), (3, 200, 5), (64, 48, 120) })
        {
            foreach (var ext in new[] { "gif", "webp" })
            {
                var relative = string.Create(CultureInfo.InvariantCulture, $"images/animated/{w}x{h}x{frames}.{ext}");
                using var strip = Build(new ImageSpec(w, h * frames, ImageModel.Rgb, ImageFill.Noise, ext));
                using var animated = strip.Mutate(m =>
                {
                    m.Set(GValue.GIntType, "page-height", h);
                    m.Set(GValue.ArrayIntType, "delay", Enumerable.Repeat(40, frames).ToArray());
                    m.Set(GValue.GIntType, "loop", 0);
                });
                animated.WriteToFile(corpus.PathOf(relative));
                corpus.Add(relative, "image");
            }
        }
    }

    private static void WritePagedTiffs(DegenerateCorpus corpus, bool heavy)
    {
        // Many equal pages through libvips, and mixed page sizes through a small TIFF writer (libvips writes equal pages only).
        var pages = heavy ? 500 : 150;
        var equal = string.Create(CultureInfo.InvariantCulture, $"images/tiff-pages/equal-{pages}.tif");
        using (var strip = Build(new ImageSpec(24, 16 * pages, ImageModel.Gray, ImageFill.Blank, "tif")))
        using (var paged = strip.Mutate(m => m.Set(GValue.GIntType, "page-height", 16)))
        {
            paged.WriteToFile(corpus.PathOf(equal));
        }

        corpus.Add(equal, "image");
        var sizes = Enumerable.Range(0, heavy ? 300 : 100).Select(i => (1 + (i * 37 % 97), 1 + (i * 53 % 61))).ToList();
        corpus.AddBytes(string.Create(CultureInfo.InvariantCulture, $"images/tiff-pages/mixed-{sizes.Count}.tif"), "image", TiffWriter.GrayPages(sizes));
        corpus.AddBytes("images/tiff-pages/mixed-3-first-1x1.tif", "image", TiffWriter.GrayPages([(1, 1), (300, 20), (20, 300)]));
    }
}
