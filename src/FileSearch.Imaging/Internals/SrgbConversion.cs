using NetVips;

namespace FileSearch.Imaging.Internals;

/// <summary>Three-band 8-bit sRGB from grey, 16-bit, CMYK or odd band counts.</summary>
internal static class SrgbConversion
{
    public static Image ToSrgb(Image image)
    {
        if (image.Interpretation is Enums.Interpretation.Srgb && image.Bands == 3 && image.Format == Enums.BandFormat.Uchar)
        {
            return image.Copy();
        }

        if (image.Interpretation is Enums.Interpretation.Bw or Enums.Interpretation.Grey16 or Enums.Interpretation.Rgb16
            or Enums.Interpretation.Cmyk or Enums.Interpretation.Srgb)
        {
            using var converted = image.Colourspace(Enums.Interpretation.Srgb);
            return converted.Bands > 3 ? converted.ExtractBand(0, n: 3) : converted.Copy();
        }

        // Unknown interpretation: take the first band as grey (or the first three as RGB) as 8-bit values.
        using var bands = image.Bands >= 3 ? image.ExtractBand(0, n: 3) : image.ExtractBand(0).Bandjoin(image.ExtractBand(0), image.ExtractBand(0));
        using var clipped = bands.Cast(Enums.BandFormat.Uchar);
        return clipped.Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
