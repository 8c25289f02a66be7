using System.Security;
using FileSearch.Core.Domain;
using NetVips;

namespace FileSearch.Imaging.Internals;

/// <summary>
/// Draws the stand-in thumbnail of a document that cannot be rendered: a page card with a band in the type's
/// colour holding its label (PDF, DOCX ...) and the file name below (wrapped, Japanese included, shrunk to fit).
/// Laid out on a 768x1024 card and drawn at the scale of the requested long side, so a small card costs a small drawing.
/// </summary>
internal sealed class PlaceholderRenderer(string fontFile)
{
    public const int Width = 768;
    public const int Height = 1024;
    private const int Margin = 64;
    private const int BandHeight = 300;
    private const int NameTop = Margin + BandHeight + 72;
    private const int NameMaxHeight = 440;
    private const int MaxNameChars = 120;

    private static readonly double[] Backdrop = [241, 243, 244];
    private static readonly double[] Paper = [255, 255, 255];
    private static readonly double[] Ink = [32, 33, 36];
    private static readonly double[] Muted = [128, 134, 139];

    private readonly string? _fontFile = File.Exists(fontFile) ? fontFile : null;

    /// <summary>The card with a long side of <paramref name="longSide"/> pixels (its width three quarters of that).</summary>
    public Image Render(FileKind kind, string displayName, int longSide = Height)
    {
        var layout = new Layout((double)longSide / Height);
        var canvas = Card(kind, layout);
        try
        {
            canvas = Overlay(canvas, layout, Label(kind, displayName), "Bold 120", Paper, Margin, BandHeight, top: Margin);
            canvas = Overlay(canvas, layout, Shorten(displayName), "44", Ink, Margin + 40, NameMaxHeight, top: NameTop);
            canvas = Overlay(canvas, layout, "No preview · プレビューなし", "26", Muted, Margin, 60, top: Height - Margin - 80);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The card of a mail: the band with its label, the subject in bold, then the sender and the date, on the same
    /// 768x1024 layout as the placeholder card.
    /// </summary>
    public Image RenderMail(FileKind kind, string? subject, string? sender, string? date, int longSide = Height)
    {
        var layout = new Layout((double)longSide / Height);
        var canvas = Card(kind, layout);
        try
        {
            canvas = Overlay(canvas, layout, Label(kind, string.Empty), "Bold 120", Paper, Margin, BandHeight, top: Margin);
            canvas = Overlay(canvas, layout, Shorten(string.IsNullOrWhiteSpace(subject) ? "(件名なし)" : subject), "Bold 48", Ink, Margin + 40, 300, top: NameTop - 40);
            canvas = Overlay(canvas, layout, Shorten(sender ?? string.Empty), "30", Ink, Margin + 40, 120, top: NameTop + 290);
            canvas = Overlay(canvas, layout, date ?? string.Empty, "30", Muted, Margin + 40, 60, top: NameTop + 420);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }

    private static Image Card(FileKind kind, Layout layout)
    {
        using var black = Image.Black(layout.Px(Width), layout.Px(Height));
        using var backdrop = black.NewFromImage(Backdrop).Copy(interpretation: Enums.Interpretation.Srgb);
        return backdrop.Mutate(m =>
        {
            m.DrawRect(Paper, layout.Px(Margin), layout.Px(Margin), layout.Px(Width - (2 * Margin)), layout.Px(Height - (2 * Margin)), fill: true);
            m.DrawRect(BandColour(kind), layout.Px(Margin), layout.Px(Margin), layout.Px(Width - (2 * Margin)), layout.Px(BandHeight), fill: true);
        });
    }

    /// <summary>
    /// Draws text centred horizontally in the card, vertically centred in a box of <paramref name="boxHeight"/>
    /// (positions in the 768x1024 layout).
    /// </summary>
    private Image Overlay(Image canvas, Layout layout, string text, string style, double[] colour, int inset, int boxHeight, int top)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return canvas;
        }

        // Point sizes are at 72 dpi in the layout: a scaled resolution scales the glyphs with the card.
        var boxWidth = layout.Px(Width - (2 * inset));
        var height = layout.Px(boxHeight);
        var options = new VOption
        {
            { "font", $"Noto Sans CJK JP {style}" },
            { "width", boxWidth },
            { "align", Enums.Align.Centre },
            { "wrap", Enums.TextWrap.WordChar },
            { "dpi", Math.Max(1, (int)Math.Round(72 * layout.Scale)) },
        };
        if (_fontFile is not null)
        {
            options.Add("fontfile", _fontFile);
        }

        // Pango markup: a file name may contain '<' or '&'.
        var mask = (Image)Operation.Call("text", options, SecurityElement.Escape(text));
        if (mask.Height > height || mask.Width > boxWidth)
        {
            var scale = Math.Min((double)height / mask.Height, (double)boxWidth / mask.Width);
            var smaller = mask.Resize(scale);
            mask.Dispose();
            mask = smaller;
        }

        using (mask)
        using (var ink = mask.NewFromImage(colour))
        using (var joined = ink.Bandjoin(mask))
        using (var rgba = joined.Copy(interpretation: Enums.Interpretation.Srgb))
        using (var withText = canvas.Composite2(rgba, Enums.BlendMode.Over,
            x: (canvas.Width - mask.Width) / 2, y: layout.Px(top) + ((height - mask.Height) / 2)))
        {
            canvas.Dispose();
            return withText.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar).CopyMemory();
        }
    }

    private readonly record struct Layout(double Scale)
    {
        public int Px(int value) => Math.Max(1, (int)Math.Round(value * Scale));
    }

    private static string Label(FileKind kind, string displayName)
    {
        if (kind != FileKind.Unknown)
        {
            return kind.ShortName().ToUpperInvariant();
        }

        var extension = Path.GetExtension(displayName).TrimStart('.');
        return extension.Length is > 0 and <= 5 ? extension.ToUpperInvariant() : "FILE";
    }

    private static string Shorten(string name) => name.Length <= MaxNameChars ? name : string.Concat(name.AsSpan(0, MaxNameChars - 1), "…");

    private static double[] BandColour(FileKind kind) => kind switch
    {
        FileKind.Pdf => [217, 48, 37],
        FileKind.Docx or FileKind.Doc or FileKind.Odt or FileKind.Rtf => [43, 87, 154],
        FileKind.Xlsx or FileKind.Xls or FileKind.Ods => [33, 115, 70],
        FileKind.Pptx or FileKind.Ppt or FileKind.Odp => [210, 71, 38],
        FileKind.Text => [95, 99, 104],
        FileKind.Zip => [121, 85, 72],
        FileKind.Eml or FileKind.Msg => [0, 120, 212],
        _ when kind.IsImage() => [103, 58, 183],
        _ => [69, 90, 100],
    };
}
