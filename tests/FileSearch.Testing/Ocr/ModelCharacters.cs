using System.Globalization;
using System.Text;
using FileSearch.Testing.Permissions;

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
    public static ModelCharacters Read(string traineddata)
    {
        var folder = Directory.CreateTempSubdirectory("fs-unicharset-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "model.");
            OsAccounts.Run("combine_tessdata", "-u", traineddata, prefix);
            return Parse(File.ReadAllText(prefix + "lstm-unicharset", Encoding.UTF8));
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
