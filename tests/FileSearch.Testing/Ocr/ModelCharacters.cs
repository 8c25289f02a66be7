using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FileSearch.Testing.Ocr;

/// <summary>
/// The characters a Tesseract LSTM model can write at all: its <c>lstm-unicharset</c>, read out of the traineddata file
/// with Tesseract's own <c>combine_tessdata -u</c>. A character outside it is never in a reading, whatever the page looks
/// like, so the kanji words that hold one bound the kanji-word recall of that model (<see cref="KanjiCeiling"/>).
/// </summary>
public sealed class ModelCharacters
{
    private readonly HashSet<string> _characters;

    private ModelCharacters(HashSet<string> characters) => _characters = characters;

    public int Count => _characters.Count;

    public bool Contains(string character) => _characters.Contains(character);

    /// <summary>The characters of <paramref name="traineddata"/> (e.g. <c>/usr/share/tesseract-ocr/5/tessdata/jpn.traineddata</c>).</summary>
    public static async Task<ModelCharacters> ReadAsync(string traineddata, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("fs-unicharset-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "model.");
            var start = new ProcessStartInfo("combine_tessdata") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(traineddata);
            start.ArgumentList.Add(prefix);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("combine_tessdata did not start");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var unicharset = prefix + "lstm-unicharset";
            if (process.ExitCode != 0 || !File.Exists(unicharset))
            {
                var said = await output.ConfigureAwait(false) + await error.ConfigureAwait(false);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"combine_tessdata -u {traineddata} exited {process.ExitCode} without an lstm-unicharset: {said}"));
            }

            return Parse(await File.ReadAllTextAsync(unicharset, Encoding.UTF8, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A unicharset file: its entry count on the first line, then one line per character, the character first and its
    /// properties after a space (the space character itself is written as <c>NULL</c>'s neighbour, <c> </c> first).
    /// </summary>
    public static ModelCharacters Parse(string unicharset)
    {
        ArgumentNullException.ThrowIfNull(unicharset);
        var lines = unicharset.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var characters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var end = line.IndexOf(' ', StringComparison.Ordinal);
            if (end > 0)
            {
                characters.Add(line[..end]);
            }
        }

        return new ModelCharacters(characters);
    }

    /// <summary>
    /// Of the kanji words of the ground truths (<see cref="WordRecall.KanjiWords"/>), how many the model could write
    /// (every character in it), how many there are, and the characters it cannot write, in order of first occurrence.
    /// </summary>
    public (int Reachable, int Total, IReadOnlyList<string> Missing) KanjiCeiling(IEnumerable<string> groundTruths)
    {
        ArgumentNullException.ThrowIfNull(groundTruths);
        int reachable = 0, total = 0;
        var missing = new List<string>();
        foreach (var word in groundTruths.SelectMany(WordRecall.KanjiWords))
        {
            total++;
            var absent = Characters(word).Where(c => !_characters.Contains(c)).ToList();
            reachable += absent.Count == 0 ? 1 : 0;
            missing.AddRange(absent.Where(c => !missing.Contains(c, StringComparer.Ordinal)));
        }

        return (reachable, total, missing);
    }

    private static IEnumerable<string> Characters(string word)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            yield return elements.GetTextElement();
        }
    }
}
