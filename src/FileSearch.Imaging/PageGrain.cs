namespace FileSearch.Imaging;

/// <summary>
/// The grain of a page: how much neighbouring pixels of its paper differ, at the page's own resolution (a reduced copy
/// averages grain away). A rendered or clean scanned page measures 0-2 gray levels; a scan with a scanner's Gaussian noise of
/// deviation s about s (the difference of two such pixels has deviation s·√2, whose median absolute value is 0.95 s).
/// </summary>
public static class PageGrain
{
    /// <summary>Every this many rows is sampled: the median needs far fewer pixels than a page has.</summary>
    private const int RowStep = 16;

    /// <summary>
    /// The median absolute difference, in gray levels, between horizontally neighbouring pixels over every
    /// <see cref="RowStep"/>th row. Paper is most of any page, so the median is the paper's grain, not the edges of the
    /// text. 0 for a page narrower than 2 pixels.
    /// </summary>
    public static int Measure(GrayPageImage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Measure(page.Pixels, page.Width, page.Height, page.Stride);
    }

    /// <inheritdoc cref="Measure(GrayPageImage)"/>
    public static int Measure(ReadOnlySpan<byte> pixels, int width, int height, int stride)
    {
        if (width < 2 || height < 1)
        {
            return 0;
        }

        Span<long> counts = stackalloc long[256];
        counts.Clear();
        long total = 0;
        for (var y = height / (2 * RowStep); y < height; y += RowStep)
        {
            var row = pixels.Slice(y * stride, width);
            for (var x = 1; x < row.Length; x++)
            {
                counts[Math.Abs(row[x] - row[x - 1])]++;
            }

            total += width - 1;
        }

        long seen = 0;
        for (var difference = 0; difference < counts.Length; difference++)
        {
            seen += counts[difference];
            if (seen * 2 >= total)
            {
                return difference;
            }
        }

        return 255;
    }
}
