using System.Globalization;
using FileSearch.Bench.Commands.Bench.Corpus;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// <c>bench pipeline --per-type</c>: each file type's files alone (a copy of them in a folder of their own) through the
/// pipeline and the baseline, the same way as the mixed run, in <c>--type-rounds</c> rounds whose order alternates
/// (pipeline first, then baseline first), after the mixed run has warmed both sides' code. The ratio per type is the
/// median over the rounds of files/s of the pipeline on that sub-corpus ÷ files/s of the baseline on it: a throughput,
/// unlike the mean latency per type of the mixed run, where a small file waits behind the large ones being processed
/// beside it. A type whose rounds are short gets more of them (<c>--type-seconds</c>, at most <see cref="MaxRounds"/>):
/// a lone text note takes 20-40 ms a side, and the median of five such rounds moved by 0.3 between runs.
/// </summary>
internal static class PerTypeRun
{
    /// <summary>Most rounds a type with short rounds runs to make up <c>--type-seconds</c> of baseline time.</summary>
    internal const int MaxRounds = 41;

    /// <summary>One round of one type's sub-corpus on both sides.</summary>
    public sealed record Round(RunFigures Pipeline, RunFigures Baseline, IReadOnlyList<FileComparison> Comparison)
    {
        public double Ratio => Baseline.Wall.TotalSeconds / Pipeline.Wall.TotalSeconds;
    }

    /// <summary>One type's sub-corpus over every round.</summary>
    public sealed record TypeFigures(string Type, int Files, IReadOnlyList<Round> Rounds)
    {
        /// <summary>The median round's ratio (the lower middle one of an even count).</summary>
        public double Ratio => Median(Rounds.Select(r => r.Ratio));

        public double PipelineFilesPerSecond => Median(Rounds.Select(r => Files / r.Pipeline.Wall.TotalSeconds));

        public double BaselineFilesPerSecond => Median(Rounds.Select(r => Files / r.Baseline.Wall.TotalSeconds));

        public double PipelineCpuSeconds => Median(Rounds.Select(r => r.Pipeline.Cpu.TotalSeconds));

        public double BaselineCpuSeconds => Median(Rounds.Select(r => r.Baseline.Cpu.TotalSeconds));

        public int Mismatches => Rounds.Sum(r => r.Comparison.Count(c => c.Problem is not null));

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[(sorted.Count - 1) / 2];
        }
    }

    public static async Task<IReadOnlyList<TypeFigures>> RunAsync(
        string root, int? concurrency, double maxCer, int rounds, TimeSpan minBaseline, bool verbose,
        Func<PipelineRun.Corpus, CancellationToken, Task<RunFigures>> baseline, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var groups = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .GroupBy(f => CorpusGenerator.CategoryOf(Path.GetFileName(f)), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var work = Path.Combine(Path.GetTempPath(), "filesearch-bench-types-" + Guid.NewGuid().ToString("N"));
        var results = new List<TypeFigures>();
        try
        {
            foreach (var group in groups)
            {
                var folder = Path.Combine(work, group.Key);
                Directory.CreateDirectory(folder);
                foreach (var file in group)
                {
                    File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
                }

                var done = new List<Round>(rounds);
                PipelineRun.Corpus? plan = null;
                for (var round = 1; NeedsAnother(done, rounds, minBaseline); round++)
                {
                    // Alternating the order leaves neither side always first on a file the other has just read.
                    var pipelineFirst = round % 2 == 1;
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(group.Key)}[/]: {group.Count()} files alone, round {round} ({rounds} at least), "
                        + (pipelineFirst ? "pipeline then baseline" : "baseline then pipeline"));
                    RunFigures ours, theirs;
                    if (pipelineFirst)
                    {
                        (ours, plan) = await PipelineRun.RunAsync(folder, concurrency, verbose, cancellationToken).ConfigureAwait(false);
                        theirs = await baseline(plan, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // The first round ran the pipeline first; its plan (the folder's events) serves every round.
                        theirs = await baseline(plan!, cancellationToken).ConfigureAwait(false);
                        (ours, _) = await PipelineRun.RunAsync(folder, concurrency, verbose, cancellationToken).ConfigureAwait(false);
                    }

                    done.Add(new Round(ours, theirs, PipelineComparison.Compare(ours.Indexed, theirs.Indexed, maxCer)));
                }

                results.Add(new TypeFigures(group.Key, group.Count(), done));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        Write(results);
        return results;
    }

    /// <summary>
    /// True while fewer than <paramref name="rounds"/> ran, or the baseline's rounds add up to less than
    /// <paramref name="minBaseline"/> and fewer than <see cref="MaxRounds"/> ran.
    /// </summary>
    internal static bool NeedsAnother(IReadOnlyList<Round> done, int rounds, TimeSpan minBaseline) =>
        done.Count < rounds
        || (done.Count < MaxRounds && done.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Baseline.Wall) < minBaseline);

    private static void Write(IReadOnlyList<TypeFigures> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("[bold]Each type alone: files/s (throughput), pipeline ÷ baseline, median of its rounds[/]");
        table.AddColumns("type", "files", "pipeline files/s", "baseline files/s", "ratio", "rounds", "ratio per round", "pipeline CPU s", "baseline CPU s", "mismatches");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var r in results)
        {
            table.AddRow(r.Type, I(r.Files), F(r.PipelineFilesPerSecond), F(r.BaselineFilesPerSecond), F(r.Ratio), I(r.Rounds.Count),
                PerRound(r.Rounds.Select(x => x.Ratio).ToList()), F(r.PipelineCpuSeconds), F(r.BaselineCpuSeconds), I(r.Mismatches));
        }

        AnsiConsole.Write(table);
        foreach (var mismatch in results.SelectMany(r => r.Rounds).SelectMany(r => r.Comparison).Where(c => c.Problem is not null))
        {
            AnsiConsole.MarkupLine($"[red]MISMATCH[/] {Markup.Escape(mismatch.Key)}: {Markup.Escape(mismatch.Problem!)}");
        }
    }

    /// <summary>Each round's ratio, or for many rounds their range and middle half (lower and upper quartile).</summary>
    internal static string PerRound(IReadOnlyList<double> ratios)
    {
        if (ratios.Count <= 9)
        {
            return string.Join(" ", ratios.Select(F));
        }

        var sorted = ratios.Order().ToList();
        return $"{F(sorted[0])}-{F(sorted[^1])}, middle half {F(sorted[sorted.Count / 4])}-{F(sorted[(sorted.Count * 3) / 4])}";
    }

    /// <summary>The per-type part of the RESULT line: <c>&lt;type&gt;_ratio=..</c> for each type, then the smallest.</summary>
    public static string ResultFields(IReadOnlyList<TypeFigures> results) =>
        string.Concat(results.Select(r => string.Create(CultureInfo.InvariantCulture, $" {r.Type.Replace('-', '_')}_ratio={r.Ratio:F2}")))
        + string.Create(CultureInfo.InvariantCulture, $" min_type_ratio={results.Select(r => r.Ratio).DefaultIfEmpty(0).Min():F2} type_mismatches={results.Sum(r => r.Mismatches)}")
        + string.Create(CultureInfo.InvariantCulture, $" type_rounds={(results.Count == 0 ? 0 : results.Min(r => r.Rounds.Count))}")
        + string.Create(CultureInfo.InvariantCulture, $" max_type_rounds={(results.Count == 0 ? 0 : results.Max(r => r.Rounds.Count))}");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
