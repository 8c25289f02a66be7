namespace FileSearch.Bench.Simulation;

/// <summary>
/// Default time one file occupies a worker slot, per type. Derived from the seed's performance targets
/// (OCR under 2 s per page, Bedrock image embedding under 1 s per image) and the pipeline's stages:
/// text 2 s (download, extract, index); office 4 s (Open XML extraction and a thumbnail); pdf 6 s (PdfPig text of a
/// typical 10-page PDF and a page thumbnail); image 4 s (one OCR page 2 s, embedding 1 s, thumbnail); scan 60 s
/// (a 30-page scanned PDF at 2 s of OCR per page). Each draw varies ±30 % around the mean.
/// The mix of the generated profiles: text 20 %, office 30 %, pdf 25 %, image 20 %, scan 5 %.
/// </summary>
public static class ProcessingTimes
{
    public const string Text = "text";
    public const string Office = "office";
    public const string Pdf = "pdf";
    public const string Image = "image";
    public const string Scan = "scan";

    /// <summary>Mean service time per type.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Defaults { get; } = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase)
    {
        [Text] = TimeSpan.FromSeconds(2),
        [Office] = TimeSpan.FromSeconds(4),
        [Pdf] = TimeSpan.FromSeconds(6),
        [Image] = TimeSpan.FromSeconds(4),
        [Scan] = TimeSpan.FromSeconds(60),
    };

    private static readonly (string Type, double Share)[] Mix = [(Text, 0.20), (Office, 0.30), (Pdf, 0.25), (Image, 0.20), (Scan, 0.05)];

    /// <summary>A type from the mix.</summary>
    public static string DrawType(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        foreach (var (type, share) in Mix)
        {
            u -= share;
            if (u < 0)
            {
                return type;
            }
        }

        return Mix[^1].Type;
    }

    /// <summary>A service time for <paramref name="type"/> (unknown types take the pdf time), ±30 %.</summary>
    public static TimeSpan Draw(string type, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var mean = Defaults.TryGetValue(type, out var known) ? known : Defaults[Pdf];
        return mean * (0.7 + (0.6 * random.NextDouble()));
    }
}
