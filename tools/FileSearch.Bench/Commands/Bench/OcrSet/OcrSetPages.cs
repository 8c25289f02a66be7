using System.Globalization;
using static FileSearch.Bench.Commands.Bench.OcrSet.OcrSetTexts;

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

/// <summary>The pages of the OCR accuracy set: half clean, half degraded; horizontal, vertical (縦書き) and rotated.</summary>
internal static class OcrSetPages
{
    private const string Business = "business prose written for this set";

    public static IReadOnlyList<OcrSetPage> All { get; } =
    [
        new(1, "clean-contract", $"contract clauses ({Business})", Contract, false, false, Degradation.None),
        new(2, "clean-neko", "夏目漱石「吾輩は猫である」 opening", Neko, true, false, Degradation.None),
        new(3, "clean-minutes", $"meeting minutes ({Business})", Minutes, false, false, Degradation.None),
        new(4, "clean-botchan", "夏目漱石「坊っちゃん」 opening", Botchan, true, false, Degradation.None),
        new(5, "clean-report", $"quarterly report ({Business})", Report, false, false, Degradation.None),
        new(6, "clean-melos", "太宰治「走れメロス」 opening", Melos, true, false, Degradation.None),
        new(7, "clean-notice", $"holiday notice ({Business})", Holidays, false, false, Degradation.None),
        new(8, "clean-rashomon", "芥川龍之介「羅生門」 opening", Rashomon, true, false, Degradation.None),
        new(9, "clean-request", $"request for quotation ({Business})", QuoteRequest, false, false, Degradation.None),
        new(10, "clean-kusamakura", "夏目漱石「草枕」 opening", Kusamakura, true, false, Degradation.None),
        new(11, "clean-vertical-kokoro", "夏目漱石「こころ」 opening", Kokoro, true, true, Degradation.None),
        new(12, "clean-vertical-letter", $"relocation letter ({Business})", Relocation, false, true, Degradation.None),
        new(13, "skew-rules", $"work rules notice ({Business})", WorkRules, false, false, new(Skew: 3)),
        new(14, "skew-kumo", "芥川龍之介「蜘蛛の糸」 opening", KumoNoIto, true, false, new(Skew: -3)),
        new(15, "noise-quality", $"committee report ({Business})", Quality, false, false, new(Noise: 24, Jpeg: 90)),
        new(16, "blur-hana", "芥川龍之介「鼻」 opening", Hana, true, false, new(Blur: 1.3)),
        new(17, "jpeg-quote", $"quotation cover letter ({Business})", QuoteLetter, false, false, new(Jpeg: 20)),
        new(18, "lowcontrast-ginga", "宮沢賢治「銀河鉄道の夜」 opening", Ginga, true, false, new(LowContrast: true)),
        new(19, "scan-audit", $"audit summary ({Business})", Audit, false, false, new(Skew: 2, Blur: 0.8, Noise: 12, Jpeg: 85)),
        new(20, "lowcontrast-jpeg-chumon", "宮沢賢治「注文の多い料理店」 opening", Chumon, true, false, new(LowContrast: true, Jpeg: 30)),
        new(21, "rot90-checkup", $"health check notice ({Business})", Checkup, false, false, new(Rotate: 90)),
        new(22, "rot90-noise-sanshiro", "夏目漱石「三四郎」 opening", Sanshiro, true, false, new(Skew: 1, Noise: 16, Rotate: 90, Jpeg: 85)),
        new(23, "rot270-travel", $"travel expense rules ({Business})", Travel, false, false, new(Rotate: 270)),
        new(24, "vertical-noise-toshishun", "芥川龍之介「杜子春」 opening", Toshishun, true, true, new(Skew: 1.5, Noise: 16, Jpeg: 85)),
        new(25, "vertical-jpeg-secrecy", $"confidentiality clause ({Business})", Secrecy, false, true, new(Jpeg: 35)),
        new(26, "rot180-stocktaking", $"stocktaking instructions ({Business})", Stocktaking, true, false, new(Rotate: 180)),
    ];
}
