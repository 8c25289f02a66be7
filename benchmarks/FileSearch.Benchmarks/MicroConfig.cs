using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace FileSearch.Benchmarks;

/// <summary>
/// The default run: a short job in-process (3 warm-ups, then 15 iterations of about 150 ms each), so a full run
/// fits in a few minutes and needs no generated project restore. With 15 iterations the minimum and the median are
/// meaningful even when other processes share the cores; the RESULT line uses the minimum, the iteration least
/// disturbed by them. Pass <c>--job</c> to choose another job (e.g. <c>--job medium --inProcess</c>).
/// Reports: Markdown, and CSV with the class (<c>Type</c>) and <c>Baseline</c> columns, which <c>./filesearch-bench bench micro</c>
/// reads to compute each group's ratio.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create(string artifactsPath, bool userChoseJob)
    {
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(TargetMethodColumn.Type, CategoriesColumn.Default, BaselineColumn.Default, StatisticColumn.Min)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, new CsvExporter(CsvSeparator.Comma))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer())
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        return userChoseJob
            ? config
            : config.AddJob(Job.ShortRun
                .WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(150))
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Short15-InProcess"));
    }
}
