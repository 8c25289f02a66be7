using System.Globalization;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// The proportions of a generated corpus: a weight per <see cref="CorpusKind"/>, spread by smooth weighted round robin
/// into a repeating pattern so any prefix of the corpus holds every kind in proportion.
/// </summary>
internal sealed class CorpusMix
{
    /// <summary>The mix of the original corpus (a fixed pattern of 20; see <see cref="CorpusGenerator"/>).</summary>
    public static readonly CorpusMix Classic = new("classic", new Dictionary<CorpusKind, int>
    {
        [CorpusKind.TextPdf] = 5,
        [CorpusKind.ScannedPdf] = 2,
        [CorpusKind.MultiPageTiff] = 1,
        [CorpusKind.ScanJpeg] = 2,
        [CorpusKind.Docx] = 2,
        [CorpusKind.Xlsx] = 2,
        [CorpusKind.Pptx] = 2,
        [CorpusKind.ShiftJisText] = 2,
        [CorpusKind.Photo] = 2,
    }, CorpusGenerator.ClassicPattern);

    /// <summary>
    /// A NAS share as a user has it (per 20 files): 6 camera photos, 2 phone screenshots, 3 scans (150, 200, 300 and
    /// 600 dpi in turn), 2 text PDFs, 1 scanned PDF, 2 DOCX, 2 XLSX, 1 PPTX, 1 plain text.
    /// </summary>
    public static readonly CorpusMix Share = new("share", new Dictionary<CorpusKind, int>
    {
        [CorpusKind.CameraPhoto] = 6,
        [CorpusKind.Screenshot] = 2,
        [CorpusKind.DpiScan] = 3,
        [CorpusKind.TextPdf] = 2,
        [CorpusKind.ScannedPdf] = 1,
        [CorpusKind.Docx] = 2,
        [CorpusKind.Xlsx] = 2,
        [CorpusKind.Pptx] = 1,
        [CorpusKind.Utf8Text] = 1,
    });

    private CorpusMix(string name, IReadOnlyDictionary<CorpusKind, int> weights, IReadOnlyList<CorpusKind>? pattern = null)
    {
        Name = name;
        Weights = weights;
        Pattern = pattern ?? Spread(weights);
    }

    public string Name { get; }

    public IReadOnlyDictionary<CorpusKind, int> Weights { get; }

    /// <summary>One period of the mix; file i is of kind Pattern[i % Pattern.Count].</summary>
    public IReadOnlyList<CorpusKind> Pattern { get; }

    /// <summary>
    /// The named mix (<c>classic</c> or <c>share</c>), its weights replaced by <paramref name="weights"/> when given:
    /// <c>CameraPhoto=10,Screenshot=0,...</c> (kinds not named keep the mix's weight; 0 leaves a kind out).
    /// </summary>
    public static CorpusMix Parse(string name, string? weights)
    {
        var mix = name.ToUpperInvariant() switch
        {
            "CLASSIC" => Classic,
            "SHARE" => Share,
            _ => throw new ArgumentException($"unknown mix '{name}' (classic or share)", nameof(name)),
        };
        if (string.IsNullOrWhiteSpace(weights))
        {
            return mix;
        }

        var changed = mix.Weights.ToDictionary();
        foreach (var part in weights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Enum.TryParse<CorpusKind>(pair[0], ignoreCase: true, out var kind)
                || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 1000)
            {
                throw new ArgumentException(
                    $"bad weight '{part}': KIND=N with N 0-1000, KIND one of {string.Join(", ", Enum.GetNames<CorpusKind>())}", nameof(weights));
            }

            changed[kind] = weight;
        }

        return changed.Values.Sum() == 0
            ? throw new ArgumentException("every weight is 0", nameof(weights))
            : new CorpusMix(mix.Name + "*", changed);
    }

    /// <summary>Smooth weighted round robin: each kind appears weight times per period, as evenly spaced as it can be.</summary>
    private static List<CorpusKind> Spread(IReadOnlyDictionary<CorpusKind, int> weights)
    {
        var kinds = weights.Where(w => w.Value > 0).OrderBy(w => w.Key).ToList();
        var total = kinds.Sum(k => k.Value);
        var current = kinds.ToDictionary(k => k.Key, _ => 0);
        var pattern = new List<CorpusKind>(total);
        for (var i = 0; i < total; i++)
        {
            foreach (var (kind, weight) in kinds)
            {
                current[kind] += weight;
            }

            var pick = kinds.MaxBy(k => current[k.Key]).Key;
            current[pick] -= total;
            pattern.Add(pick);
        }

        return pattern;
    }
}
