using NetVips;

namespace FileSearch.Testing.Images;

/// <summary>
/// One image of the text-presence set: where it is, whether it has text, what kind of image it is, and the text drawn
/// on it when the set drew it (signs, boards and screens).
/// </summary>
public sealed record LabelledImage(string Path, bool HasText, string Group, string? Text = null);

/// <summary>
/// A labelled set for a text-presence check, written to a folder: the real photographs of <see cref="WallpaperPhotos"/>
/// (no text); the pages of the OCR accuracy set (scans, photos of paper, screen captures of Japanese prose); screenshots
/// of a desktop and a phone with Japanese interface text (light and dark); and each photograph twice more with text
/// in it: a road sign (white on blue or green, short or long) and a whiteboard or notice (dark writing on a light
/// panel, slightly turned), at sizes from small to large, saved as camera photos (an EXIF exposure time). Deterministic.
/// </summary>
public static class TextPresenceSet
{
    private const string Font = "Noto Sans CJK JP";

    private static readonly string[] SignTexts =
    [
        "非常口", "駐車場", "止まれ", "出口 Exit", "東京駅 3km", "営業時間 9:00〜18:00", "関係者以外立入禁止", "会議室 A",
        "お手洗い", "受付はこちら", "工事中につき通行止め", "本日休業",
    ];

    private static readonly string[] BoardTexts =
    [
        "本日の議題\n1. 予算の見直し\n2. 新規採用", "来週の予定\n月曜 営業会議\n水曜 顧客訪問", "注意事項\n火気厳禁",
        "売上目標 120%\n達成まであと少し", "打ち合わせ 14時から", "今月の当番\n田中 佐藤 鈴木",
    ];

    private static readonly string[] Screens =
    [
        "ファイル  編集  表示  挿入  書式  ツール  ヘルプ",
        "設定\nネットワークとインターネット\nBluetooth とデバイス\n個人用設定\nアプリ\nアカウント",
        "受信トレイ (12)\n件名: 来週の打ち合わせについて\n差出人: 山田 太郎\n添付ファイル: 見積書.pdf",
        "保存しますか？\n変更内容を保存しないと失われます。\n[保存]  [保存しない]  [キャンセル]",
    ];

    /// <summary>Writes the generated images into <paramref name="folder"/> and returns the whole set.</summary>
    public static IReadOnlyList<LabelledImage> Create(string folder, string ocrAccuracyFolder)
    {
        Directory.CreateDirectory(folder);
        var set = new List<LabelledImage>();
        var photos = WallpaperPhotos.Photographs();
        set.AddRange(photos.Select(p => new LabelledImage(p, false, "photo")));
        set.AddRange(Directory.GetFiles(ocrAccuracyFolder)
            .Where(f => Path.GetExtension(f) is ".png" or ".jpg" or ".tif")
            .Order(StringComparer.Ordinal)
            .Select(f => new LabelledImage(f, true, "page")));
        for (var i = 0; i < Screens.Length; i++)
        {
            foreach (var (phone, dark) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                var path = System.IO.Path.Combine(folder, $"screen-{i}-{(phone ? "phone" : "desktop")}-{(dark ? "dark" : "light")}.png");
                using var screen = Screenshot(Screens[i], phone, dark);
                screen.WriteToFile(path);
                set.Add(new LabelledImage(path, true, "screenshot", Screens[i]));
            }
        }

        for (var i = 0; i < photos.Count; i++)
        {
            using var photo = Image.NewFromFile(photos[i], access: Enums.Access.Random);
            using var rgb = photo.Bands >= 3 ? photo.ExtractBand(0, n: 3) : photo.Colourspace(Enums.Interpretation.Srgb);
            var sign = System.IO.Path.Combine(folder, $"sign-{i:00}.jpg");
            using (var signed = WithSign(rgb, SignTexts[i % SignTexts.Length], i))
            {
                SaveAsCameraPhoto(signed, sign);
            }

            set.Add(new LabelledImage(sign, true, "photo+sign", SignTexts[i % SignTexts.Length]));
            var board = System.IO.Path.Combine(folder, $"board-{i:00}.jpg");
            using (var written = WithBoard(rgb, BoardTexts[i % BoardTexts.Length], i))
            {
                SaveAsCameraPhoto(written, board);
            }

            set.Add(new LabelledImage(board, true, "photo+board", BoardTexts[i % BoardTexts.Length]));
        }

        return set;
    }

    /// <summary>A JPEG with the exposure tag a phone writes, so that readers take it for the camera photo it stands for.</summary>
    private static void SaveAsCameraPhoto(Image image, string path)
    {
        using var tagged = image.Mutate(m => m.Set(GValue.GStrType, "exif-ifd2-ExposureTime", "1/60"));
        tagged.Jpegsave(path, q: 88, keep: Enums.ForeignKeep.Exif);
    }

    /// <summary>A desktop (1920x1080, 15 px interface text) or phone (1080x2340, 42 px) screen with a title bar and the text.</summary>
    private static Image Screenshot(string text, bool phone, bool dark)
    {
        var (width, height, pixels) = phone ? (1080, 2340, 42) : (1920, 1080, 15);
        double[] background = dark ? [32, 33, 36] : [248, 249, 250];
        double[] bar = dark ? [60, 64, 67] : [26, 115, 232];
        double[] ink = dark ? [232, 234, 237] : [32, 33, 36];
        using var black = Image.Black(width, height);
        using var canvas = black.NewFromImage(background).Copy(interpretation: Enums.Interpretation.Srgb);
        using var withBar = canvas.Mutate(m => m.DrawRect(bar, 0, 0, width, pixels * 3, fill: true));
        using var title = TextLayer("ドキュメント - メモ帳", pixels, [255, 255, 255], width);
        using var titled = withBar.Composite2(title, Enums.BlendMode.Over, x: pixels, y: pixels / 2);
        using var body = TextLayer(text, pixels, ink, width - (2 * pixels));
        using var done = titled.Composite2(body, Enums.BlendMode.Over, x: pixels, y: pixels * 5);
        return done.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>A sign panel with white text, its text height between 2.5 % and 8 % of the photo's height.</summary>
    private static Image WithSign(Image photo, string text, int seed)
    {
        var pixels = (int)(photo.Height * (0.025 + (0.055 * (seed % 5) / 4.0)));
        double[] panel = (seed % 2) == 0 ? [0, 82, 155] : [0, 122, 78];
        using var layer = TextLayer(text, pixels, [255, 255, 255], photo.Width * 8 / 10);
        var (w, h) = (layer.Width + pixels, layer.Height + pixels);
        using var black = Image.Black(w, h);
        using var sign = black.NewFromImage([.. panel, 255.0]).Copy(interpretation: Enums.Interpretation.Srgb);
        using var written = sign.Composite2(layer, Enums.BlendMode.Over, x: pixels / 2, y: pixels / 2);
        var x = ((seed * 37) % 60) * Math.Max(1, photo.Width - w) / 100;
        var y = ((seed * 53) % 70) * Math.Max(1, photo.Height - h) / 100;
        using var placed = photo.Composite2(written, Enums.BlendMode.Over, x: x, y: y);
        return placed.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>A light panel with dark blue writing, turned by up to 4 degrees, its text 2-5 % of the photo's height.</summary>
    private static Image WithBoard(Image photo, string text, int seed)
    {
        var pixels = (int)(photo.Height * (0.02 + (0.03 * (seed % 4) / 3.0)));
        using var layer = TextLayer(text, pixels, [20, 40, 120], photo.Width * 6 / 10);
        var (w, h) = (layer.Width + (2 * pixels), layer.Height + (2 * pixels));
        using var black = Image.Black(w, h);
        using var board = black.NewFromImage([236.0, 238.0, 232.0, 255.0]).Copy(interpretation: Enums.Interpretation.Srgb);
        using var written = board.Composite2(layer, Enums.BlendMode.Over, x: pixels, y: pixels);
        using var turned = written.Rotate(((seed % 9) - 4) * 1.0, background: [0.0, 0.0, 0.0, 0.0]);
        var x = ((seed * 29) % 50) * Math.Max(1, photo.Width - turned.Width) / 100;
        var y = ((seed * 41) % 50) * Math.Max(1, photo.Height - turned.Height) / 100;
        using var placed = photo.Composite2(turned, Enums.BlendMode.Over, x: x, y: y);
        return placed.ExtractBand(0, n: 3).Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>Text <paramref name="pixels"/> high in <paramref name="colour"/> as an RGBA layer, wrapped at <paramref name="width"/>.</summary>
    private static Image TextLayer(string text, int pixels, double[] colour, int width)
    {
        // At 72 dpi a point is a pixel.
        using var mask = Image.Text(System.Security.SecurityElement.Escape(text), font: $"{Font} {pixels}", fontfile: TextImages.NotoSansCjk,
            width: width, dpi: 72);
        using var ink = mask.NewFromImage(colour);
        using var joined = ink.Bandjoin(mask);
        return joined.Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
