using System.Globalization;
using FileSearch.Bench.Commands.Bench.Corpus;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>
/// <c>bench pipeline --per-type</c>: each file type's files alone (a copy of them in a folder of their own) through the
/// pipeline and then the baseline, the same way as the mixed run. The ratio per type is files/s of the pipeline on that
/// sub-corpus ÷ files/s of the baseline on it: a throughput, unlike the mean latency per type of the mixed run, where a
/// small file waits behind the large ones being processed beside it.
/// </summary>
internal static class PerTypeRun
{
    /// <summary>One type's sub-corpus on both sides.</summary>
    public sealed record TypeFigures(string Type, int Files, RunFigures Pipeline, RunFigures Baseline, IReadOnlyList<FileComparison> Comparison)
    {
        public double Ratio => Baseline.Wall.TotalSeconds / Pipeline.Wall.TotalSeconds;

        public int Mismatches => Comparison.Count(c => c.Problem is not null);
    }

    public static async Task<IReadOnlyList<TypeFigures>> RunAsync(
        string root, int? concurrency, double maxCer, bool verbose,
        Func<PipelineRun.Corpus, CancellationToken, Task<RunFigures>> baseline, CancellationToken cancellationToken)
    {
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

                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(group.Key)}[/]: {group.Count()} files alone, pipeline then baseline");
                var (pipeline, plan) = await PipelineRun.RunAsync(folder, concurrency, verbose, cancellationToken).ConfigureAwait(false);
                var theirs = await baseline(plan, cancellationToken).ConfigureAwait(false);
                results.Add(new TypeFigures(group.Key, group.Count(), pipeline, theirs, PipelineComparison.Compare(pipeline.Indexed, theirs.Indexed, maxCer)));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        Write(results);
        return results;
    }

    private static void Write(IReadOnlyList<TypeFigures> results)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Each type alone: files/s (throughput), pipeline ÷ baseline[/]");
        table.AddColumns("type", "files", "pipeline files/s", "baseline files/s", "ratio", "pipeline CPU s", "baseline CPU s", "mismatches");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var r in results)
        {
            table.AddRow(r.Type, I(r.Files), F(r.Files / r.Pipeline.Wall.TotalSeconds), F(r.Files / r.Baseline.Wall.TotalSeconds), F(r.Ratio),
                F(r.Pipeline.Cpu.TotalSeconds), F(r.Baseline.Cpu.TotalSeconds), I(r.Mismatches));
        }

        AnsiConsole.Write(table);
        foreach (var mismatch in results.SelectMany(r => r.Comparison).Where(c => c.Problem is not null))
        {
            AnsiConsole.MarkupLine($"[red]MISMATCH[/] {Markup.Escape(mismatch.Key)}: {Markup.Escape(mismatch.Problem!)}");
        }
    }

    /// <summary>The per-type part of the RESULT line: <c>&lt;type&gt;_ratio=..</c> for each type, then the smallest.</summary>
    public static string ResultFields(IReadOnlyList<TypeFigures> results) =>
        string.Concat(results.Select(r => string.Create(CultureInfo.InvariantCulture, $" {r.Type.Replace('-', '_')}_ratio={r.Ratio:F2}")))
        + string.Create(CultureInfo.InvariantCulture, $" min_type_ratio={results.Select(r => r.Ratio).DefaultIfEmpty(0).Min():F2} type_mismatches={results.Sum(r => r.Mismatches)}");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
