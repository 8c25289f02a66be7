using System.Globalization;
using NetVips;

namespace FileSearch.Imaging;

/// <summary>
/// The part of a picture to read and the factor to reduce it by first, chosen from the text lines
/// <see cref="TextPresenceDetector"/> found (<see cref="Choose(GrayPageImage, TextPresence)"/>). A camera photo is not read at the sensor's
/// resolution: its text is read where the lines are, at the size Tesseract reads best.
/// </summary>
/// <param name="X">Left edge of the window, in page pixels.</param>
/// <param name="Y">Top edge of the window.</param>
/// <param name="Width">Window width.</param>
/// <param name="Height">Window height.</param>
/// <param name="Reduction">The window is shrunk by this factor (1: kept as it is).</param>
public sealed record ReadingWindow(int X, int Y, int Width, int Height, double Reduction)
{
    /// <summary>
    /// Height of characters (a CJK character, a Latin line from ascender to descender) that Tesseract reads best: about
    /// 20-30 pixels of Latin x-height, or 10-12 pt at 300 dpi (42-50 px). Text the detector measured taller is reduced to it.
    /// </summary>
    public const int TargetTextHeight = 40;

    /// <summary>Smaller reductions do not pay for the resampling.</summary>
    public const double MinReduction = 1.3;

    /// <summary>Windows covering more than this share of the page are the page: cropping saves little and risks the margins.</summary>
    public const double MaxWindowShare = 0.5;

    /// <summary>More windows than this (text all over the picture) are read as the whole page.</summary>
    public const int MaxWindows = 8;

    /// <summary>The most a page is reduced by (a 24 MP photo of one large sign).</summary>
    public const double MaxReduction = 8;

    /// <summary>
    /// Margin around the text lines, in characters of the tallest line: signs turn, lines are found cut short, and a
    /// line the detector missed is usually next to one it found.
    /// </summary>
    public const double MarginInCharacters = 2;

    /// <summary>
    /// Pictures from this size up are read in a window even without camera EXIF: 12-50 MP is what cameras and phones take,
    /// and a screenshot (2-8 MP) is read whole, since its small interface text is what the detector sees least.
    /// </summary>
    public const double MinCameraMegapixels = 10;

    /// <summary>For the page's operations: <c>window:1200x400@600,900</c>, <c>reduce:2.4</c>, or both.</summary>
    public string Operations(int pageWidth, int pageHeight)
    {
        var crops = X > 0 || Y > 0 || Width < pageWidth || Height < pageHeight;
        var parts = new List<string>(2);
        if (crops)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"window:{Width}x{Height}@{X},{Y}"));
        }

        if (Reduction > 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"reduce:{Reduction:0.##}"));
        }

        return string.Join(',', parts);
    }

    /// <summary>
    /// The windows to read of <paramref name="page"/>, where <paramref name="presence"/> found text lines: each line
    /// with a margin of <see cref="MarginInCharacters"/> of its own characters, overlapping ones merged, each reduced so
    /// that its smallest line's characters are <see cref="TargetTextHeight"/> pixels high. When the windows cover more
    /// than <see cref="MaxWindowShare"/> of the page, or are more than <see cref="MaxWindows"/>, the one window is the
    /// whole page, reduced for the smallest line of all. Empty (read the page as it is) when that would be the whole
    /// page at full size, when no line was found, and for pictures that are not camera photos (no camera EXIF, under
    /// <see cref="MinCameraMegapixels"/>).
    /// </summary>
    public static IReadOnlyList<ReadingWindow> Choose(GrayPageImage page, TextPresence presence)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(presence);
        return page.Source.Camera || (double)page.Width * page.Height >= MinCameraMegapixels * 1e6
            ? Choose(page.Width, page.Height, presence)
            : [];
    }

    /// <summary>The windows for a page of <paramref name="width"/> x <paramref name="height"/>, as <see cref="Choose(GrayPageImage, TextPresence)"/> for a camera photo.</summary>
    public static IReadOnlyList<ReadingWindow> Choose(int width, int height, TextPresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        if (presence.LineBoxes.Count == 0)
        {
            return [];
        }

        var groups = presence.LineBoxes.Select(l =>
        {
            var margin = (int)Math.Ceiling((MarginInCharacters * l.TextHeight) + (2 * presence.Scale));
            return new Group(Math.Max(0, l.X - margin), Math.Max(0, l.Y - margin), Math.Min(width, l.X + l.Width + margin),
                Math.Min(height, l.Y + l.Height + margin), l.TextHeight);
        }).ToList();
        for (var merged = true; merged;)
        {
            merged = false;
            for (var i = 0; i < groups.Count && !merged; i++)
            {
                for (var j = i + 1; j < groups.Count && !merged; j++)
                {
                    if (groups[i].Overlaps(groups[j]))
                    {
                        groups[i] = groups[i].Union(groups[j]);
                        groups.RemoveAt(j);
                        merged = true;
                    }
                }
            }
        }

        if (groups.Count > MaxWindows || groups.Sum(g => g.Area) > MaxWindowShare * width * height)
        {
            // The smallest text decides: reducing more would lose it.
            var reduction = ReductionFor(groups.Min(g => g.TextHeight));
            return reduction == 1 ? [] : [new ReadingWindow(0, 0, width, height, reduction)];
        }

        return [.. groups.OrderBy(g => g.Y0).ThenBy(g => g.X0)
            .Select(g => new ReadingWindow(g.X0, g.Y0, g.X1 - g.X0, g.Y1 - g.Y0, ReductionFor(g.TextHeight)))];
    }

    private static double ReductionFor(int smallestTextHeight)
    {
        var reduction = smallestTextHeight / (double)TargetTextHeight;
        return reduction < MinReduction ? 1 : Math.Round(Math.Min(reduction, MaxReduction), 2);
    }

    /// <summary>
    /// The window's pixels of <paramref name="page"/>, reduced (Lanczos), as a page of its own with the source facts of
    /// the page. A reduced window is stated at 300 dpi (its characters then have the size of 10 pt text, and
    /// preprocessing does not enlarge them again); a window only cropped keeps the resolution the whole page was taken at.
    /// </summary>
    public GrayPageImage Apply(GrayPageImage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var image = PagePreprocessor.FromPage(page);
        using var cropped = image.Crop(X, Y, Math.Min(Width, page.Width - X), Math.Min(Height, page.Height - Y));
        using var reduced = Reduction > 1 ? cropped.Resize(1 / Reduction, kernel: Enums.Kernel.Lanczos3) : cropped.Copy();
        return PagePreprocessor.ToPage(reduced, page.PageNumber, Reduction > 1 ? ReducedDpi : PagePreprocessor.PlausibleDpi(page), page.Source);
    }

    private const double ReducedDpi = 300;

    /// <summary>Merged text lines: the box with its margins (right and bottom exclusive) and its smallest characters.</summary>
    private readonly record struct Group(int X0, int Y0, int X1, int Y1, int TextHeight)
    {
        public double Area => (double)(X1 - X0) * (Y1 - Y0);

        public bool Overlaps(Group other) => X0 < other.X1 && other.X0 < X1 && Y0 < other.Y1 && other.Y0 < Y1;

        public Group Union(Group other) => new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1),
            Math.Max(Y1, other.Y1), Math.Min(TextHeight, other.TextHeight));
    }
}
