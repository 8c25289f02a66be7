using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FileSearch.Benchmarks;

/// <summary>
/// The default run: BenchmarkDotNet's ShortRun job (3 warm-ups, 3 iterations) in-process, so a full run fits in a
/// few minutes on a shared 2-core machine and needs no generated project restore. Pass <c>--job</c> to choose
/// another job (e.g. <c>--job default</c> for the full statistics, out of process).
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create(string artifactsPath, bool userChoseJob)
    {
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(CategoriesColumn.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath)
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer())
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        return userChoseJob
            ? config
            : config.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
    }
}
