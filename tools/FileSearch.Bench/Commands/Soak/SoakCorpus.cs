using System.Text;
using FileSearch.Bench.Commands.Bench;
using NetVips;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>One generated soak input: an object to upload (unless <see cref="Body"/> is a raw message) and its event.</summary>
internal sealed record SoakFile(string Key, byte[] Content, string ContentType, string? Poison)
{
    /// <summary>A message body that is not an event at all (the malformed-message poison); null for file events.</summary>
    public string? Body { get; init; }

    public bool IsPoison => Poison is not null;
}

/// <summary>
/// Deterministic soak inputs: mostly small valid Japanese files (UTF-8 text, the sample contract PDF with a unique
/// trailer, tiny PNG images) and a few poison ones (a truncated PDF, a zero-byte file, a message that is not JSON).
/// </summary>
internal static class SoakCorpus
{
    public const string CorruptPdf = "corrupt-pdf";
    public const string EmptyFile = "empty-file";
    public const string MalformedMessage = "malformed-message";

    /// <summary>Poison inputs among <paramref name="count"/>: 2 % and at least one of each kind (3).</summary>
    public static int PoisonCount(int count) => Math.Min(count, Math.Max(3, count / 50));

    public static IReadOnlyList<SoakFile> Create(int count, int seed, string samplePdfPath)
    {
        var random = new Random(seed);
        var corpus = new JapaneseCorpus(seed);
        var pdf = File.ReadAllBytes(samplePdfPath);
        var poison = PoisonCount(count);
        var poisonAt = Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(poison).ToHashSet();
        var files = new List<SoakFile>(count);
        var poisonIndex = 0;
        for (var i = 0; i < count; i++)
        {
            files.Add(poisonAt.Contains(i)
                ? Poison(i, poisonIndex++ % 3)
                : (i % 20) switch
                {
                    < 12 => Text(i, corpus, random),
                    < 17 => new SoakFile($"soak/契約書_{i:D5}.pdf", [.. pdf, .. Encoding.ASCII.GetBytes($"% soak {i}\n")], "application/pdf", null),
                    _ => Image(i, random),
                });
        }

        return files;
    }

    private static SoakFile Text(int i, JapaneseCorpus corpus, Random random)
    {
        var text = $"報告書 第{i}号\n{corpus.Next(200 + random.Next(1500))}\n";
        return new SoakFile($"soak/報告書_{i:D5}.txt", Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", null);
    }

    private static SoakFile Image(int i, Random random)
    {
        using var noise = NetVips.Image.Gaussnoise(96 + random.Next(64), 72 + random.Next(48), sigma: 30, mean: 128, seed: i);
        using var bytes = noise.Cast(Enums.BandFormat.Uchar);
        return new SoakFile($"soak/写真_{i:D5}.png", bytes.WriteToBuffer(".png"), "image/png", null);
    }

    private static SoakFile Poison(int i, int kind) => kind switch
    {
        0 => new SoakFile($"soak/poison/壊れた_{i:D5}.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog"), "application/pdf", CorruptPdf),
        1 => new SoakFile($"soak/poison/空_{i:D5}.txt", [], "text/plain", EmptyFile),
        _ => new SoakFile($"soak/poison/message_{i:D5}", [], "text/plain", MalformedMessage) { Body = $"not an event {{ {i}" },
    };
}
