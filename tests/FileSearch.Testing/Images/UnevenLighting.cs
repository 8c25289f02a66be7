using NetVips;

namespace FileSearch.Testing.Images;

/// <summary>Simulated lamp light on a page photo (also compiled into the OCR tests, which measure what it does to recognition).</summary>
public static class UnevenLighting
{
    /// <summary>Light falling off linearly from the top-left corner to <paramref name="darkest"/> of full brightness at the bottom-right.</summary>
    public static Image Apply(Image page, double darkest)
    {
        using var xyz = Image.Xyz(page.Width, page.Height);
        using var x = xyz[0];
        using var y = xyz[1];
        using var falloff = ((x / (double)page.Width) + (y / (double)page.Height)) * ((1 - darkest) / 2);
        using var light = 1 - falloff;
        using var lit = page * light;
        return lit.Cast(Enums.BandFormat.Uchar);
    }
}
