using System.Diagnostics;
using FileSearch.Core.Domain;
using static FileSearch.Bench.Commands.Bench.BenchFormat;

namespace FileSearch.Bench.Commands.Bench.Formats;

/// <summary>A corpus file, its format (the extension), its detected kind and the words of its own it must yield.</summary>
internal sealed record FormatFile(string Path, string Format, FileKind Kind, IReadOnlyList<string> Words);

/// <summary>One format's medians over the rounds, and how the two sides' texts compare.</summary>
/// <param name="PreviewMs">Median time of a first-page preview per document; null for formats without one.</param>
internal sealed record FormatRow(
    string Format, int Files, double OursPerSecond, double TheirsPerSecond, double Similarity,
    int Words, int OursFound, int TheirsFound, int TheirsFailed, double? PreviewMs)
{
    public double Ratio => TheirsPerSecond > 0 ? OursPerSecond / TheirsPerSecond : double.PositiveInfinity;
}

/// <summary>
/// The core of <c>bench formats</c>: every file through <paramref name="ours"/> (detection and extraction in this
/// process, as the worker does it) and through <paramref name="theirs"/> (LibreOffice started per file), rounds
/// interleaved with the side that goes first alternating; per format the medians of docs/s over the rounds, the mean
/// text similarity of the last round (<see cref="TextSimilarity.Dice"/>) and how many of the format's own words each
/// side's text holds. <paramref name="preview"/>, when given, renders each previewable file's thumbnails once per round.
/// </summary>
internal sealed class FormatsBenchmark(
    Func<FormatFile, CancellationToken, Task<string>> ours,
    SofficeText theirs,
    string workDirectory,
    Func<FormatFile, CancellationToken, Task<bool>>? preview = null)
{
    public async Task<IReadOnlyList<FormatRow>> RunAsync(IReadOnlyList<FormatFile> files, int rounds, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(progress);
        var oursSeconds = new Dictionary<(string, int), double>();
        var theirsSeconds = new Dictionary<(string, int), double>();
        var previewMs = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var oursText = new Dictionary<string, string>(StringComparer.Ordinal);
        var theirsText = new Dictionary<string, string?>(StringComparer.Ordinal);

        // Warm-up: JIT, our LibreOffice instance (Word and PowerPoint 97-2003) and LibreOffice's profile on their side.
        foreach (var file in files)
        {
            await ours(file, cancellationToken).ConfigureAwait(false);
        }

        await theirs.ConvertAsync(files[0].Path, files[0].Kind, Path.Combine(workDirectory, "warmup"), cancellationToken).ConfigureAwait(false);
        for (var round = 1; round <= rounds; round++)
        {
            var oursFirst = round % 2 == 1;
            progress(Invariant($"round {round} of {rounds}: {(oursFirst ? "FileSearch first" : "soffice first")}"));
            if (oursFirst)
            {
                await OursAsync(round).ConfigureAwait(false);
            }

            await TheirsAsync(round).ConfigureAwait(false);
            if (!oursFirst)
            {
                await OursAsync(round).ConfigureAwait(false);
            }

            if (preview is not null)
            {
                foreach (var file in files)
                {
                    var watch = Stopwatch.StartNew();
                    if (await preview(file, cancellationToken).ConfigureAwait(false))
                    {
                        Add(previewMs, file.Path, watch.Elapsed.TotalMilliseconds);
                    }
                }
            }
        }

        return [.. files.GroupBy(f => f.Format, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, [.. g]))];

        async Task OursAsync(int round)
        {
            foreach (var file in files)
            {
                var watch = Stopwatch.StartNew();
                oursText[file.Path] = await ours(file, cancellationToken).ConfigureAwait(false);
                oursSeconds[(file.Path, round)] = watch.Elapsed.TotalSeconds;
            }
        }

        async Task TheirsAsync(int round)
        {
            foreach (var file in files)
            {
                var watch = Stopwatch.StartNew();
                var (text, error) = await theirs.ConvertAsync(file.Path, file.Kind, Path.Combine(workDirectory, "soffice"), cancellationToken).ConfigureAwait(false);
                theirsSeconds[(file.Path, round)] = watch.Elapsed.TotalSeconds;
                theirsText[file.Path] = text;
                if (error is not null && round == 1)
                {
                    progress($"  soffice gave no text for {Path.GetFileName(file.Path)}: {error}");
                }
            }
        }

        FormatRow Row(string format, FormatFile[] group)
        {
            double PerSecond(Dictionary<(string, int), double> seconds) =>
                Median(Enumerable.Range(1, rounds).Select(r => group.Length / group.Sum(f => seconds[(f.Path, r)])));
            var words = group.Sum(f => f.Words.Count);
            var oursFound = group.Sum(f => f.Words.Count(w => TextSimilarity.ContainsWord(oursText[f.Path], w)));
            var theirsFound = group.Sum(f => f.Words.Count(w => theirsText[f.Path] is { } t && TextSimilarity.ContainsWord(t, w)));
            var similarity = group.Average(f => TextSimilarity.Dice(oursText[f.Path], theirsText[f.Path] ?? string.Empty));
            var previews = group.SelectMany(f => previewMs.GetValueOrDefault(f.Path) ?? []).ToList();
            return new FormatRow(format, group.Length, PerSecond(oursSeconds), PerSecond(theirsSeconds), similarity, words, oursFound,
                theirsFound, group.Count(f => theirsText[f.Path] is null), previews.Count == 0 ? null : Median(previews));
        }
    }

    private static void Add(Dictionary<string, List<double>> values, string key, double value)
    {
        if (!values.TryGetValue(key, out var list))
        {
            values[key] = list = [];
        }

        list.Add(value);
    }
}
