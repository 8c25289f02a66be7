using FileSearch.Core.Ports;
using FileSearch.Testing.Ocr;

namespace FileSearch.Ocr.Tesseract.Tests;

/// <summary>The committed accuracy set (tests/data/ocr-accuracy, written by <c>bench ocr-set</c>), copied next to the tests.</summary>
internal static class AccuracySet
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "ocr-accuracy");

    public static IReadOnlyList<Page> Load() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.gt.txt").Order(StringComparer.Ordinal).Select(gt =>
        {
            var name = Path.GetFileName(gt)[..^".gt.txt".Length];
            var image = System.IO.Directory.EnumerateFiles(Directory, name + ".*").Single(f => !f.EndsWith(".gt.txt", StringComparison.Ordinal));
            return new Page(name, image, File.ReadAllText(gt));
        })];

    /// <summary>A page of the set: <c>NN-kind.png|jpg</c> with <c>NN-kind.gt.txt</c>; the kind says how it was made.</summary>
    public sealed record Page(string Name, string ImagePath, string GroundTruth)
    {
        private string Kind => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];

        public bool Degraded => !Kind.StartsWith("clean-", StringComparison.Ordinal);

        public bool Vertical => Kind.Contains("vertical", StringComparison.Ordinal);

        public bool Rotated => Kind.StartsWith("rot", StringComparison.Ordinal);

        /// <summary>A page of Japanese technical prose with Latin words (commands, paths, option names).</summary>
        public bool Mixed => Kind.Contains("mixed", StringComparison.Ordinal);

        /// <summary>A page added after the post-processing rules were chosen, never looked at while choosing them.</summary>
        public bool HeldOut => Kind.Contains("heldout", StringComparison.Ordinal);

        public bool HasLatinLetters => GroundTruth.Any(char.IsAsciiLetter);

        public double Cer(OcrResult result) => CharacterErrorRate.Of(GroundTruth, result.Text);
    }
}

/// <summary>The figures of <see cref="AccuracyFigures"/> over the set's pages and one setting's readings.</summary>
internal static class AccuracySetFigures
{
    public static AccuracyFigures Of(IReadOnlyList<AccuracySet.Page> pages, IReadOnlyList<OcrResult> readings) =>
        AccuracyFigures.Of([.. pages.Select((p, i) => (p.Name, p.GroundTruth, readings[i].Text))]);
}
