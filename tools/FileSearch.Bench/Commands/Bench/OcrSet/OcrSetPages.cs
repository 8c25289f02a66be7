using System.Globalization;
using System.Text.Json;

namespace FileSearch.Bench.Commands.Bench.OcrSet;

/// <summary>
/// What is done to a rendered page, in this order: low contrast (gray ink on gray paper), skew (degrees, clockwise
/// positive), blur (Gaussian sigma in pixels), noise (Gaussian sigma in gray levels), a quarter-turn rotation (degrees
/// clockwise), and saving as JPEG at <see cref="Jpeg"/> quality (0 = lossless PNG).
/// </summary>
internal sealed record Degradation(bool LowContrast = false, double Skew = 0, double Blur = 0, double Noise = 0, int Rotate = 0, int Jpeg = 0)
{
    public static Degradation None { get; } = new();

    public bool IsClean => this == None;

    /// <summary>A short human description, e.g. <c>skew 3°, noise σ16</c>; <c>none</c> when clean.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        Add(LowContrast, $"low contrast (ink 140, paper 205)");
        Add(Skew != 0, $"skew {Skew:+0.#;-0.#}°");
        Add(Blur > 0, $"blur σ{Blur:0.#}");
        Add(Noise > 0, $"noise σ{Noise:0.#}");
        Add(Rotate != 0, $"rotated {Rotate}° clockwise");
        Add(Jpeg > 0, $"JPEG q{Jpeg}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);

        void Add(bool when, FormattableString part)
        {
            if (when)
            {
                parts.Add(part.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}

/// <summary>One page of the set: <see cref="Number"/> and <see cref="Kind"/> make its file name (<c>NN-kind</c>).</summary>
internal sealed record OcrSetPage(int Number, string Kind, string Source, string Text, bool Serif, bool Vertical, Degradation Degradation)
{
    /// <summary>File name without extension, e.g. <c>01-clean-contract</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Number:D2}-{Kind}");

    public string Extension => Degradation.Jpeg > 0 ? ".jpg" : ".png";
}

/// <summary>
/// The pages of the OCR accuracy set: half clean, half degraded; horizontal, vertical (縦書き) and rotated. The pages are
/// data, <c>ocr-set-pages.json</c> (embedded in this program): Japanese business prose written for the set (contracts,
/// minutes, reports, notices, letters) and openings of public-domain novels and stories from Aozora Bunko (ruby
/// readings left out), each with its font, direction and degradation.
/// </summary>
internal static class OcrSetPages
{
    private const string Resource = "FileSearch.Bench.OcrSet.ocr-set-pages.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<OcrSetPage> All { get; } = Load();

    private static List<OcrSetPage> Load()
    {
        using var stream = typeof(OcrSetPages).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in this program");
        return JsonSerializer.Deserialize<List<OcrSetPage>>(stream, Json)
            ?? throw new InvalidOperationException($"{Resource} holds no pages");
    }
}
