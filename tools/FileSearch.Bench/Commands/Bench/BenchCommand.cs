using System.CommandLine;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Commands.Bench;

/// <summary>
/// <c>bench &lt;name&gt;</c>: benchmarks that compare this implementation with the obvious alternative on the same
/// machine in the same run. Each ends with one line <c>RESULT &lt;name&gt; key=value ...</c>.
/// </summary>
public static class BenchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var bench = new Command("bench", "Benchmarks (each prints a RESULT line)");
        foreach (var create in Benchmarks)
        {
            bench.Subcommands.Add(create(globals));
        }

        return bench;
    }

    /// <summary>One factory per benchmark; add new benchmarks here.</summary>
    private static IEnumerable<Func<GlobalOptions, Command>> Benchmarks =>
    [
        ThumbnailBenchmark.Create,
        EmbedBenchmark.Create,
        KnnBenchCommand.Create,
        IndexBenchCommand.Create,
        OcrBenchCommand.Create,
        PhotoOcrBenchCommand.Create,
        OcrSet.OcrSetCommand.Create,
        Corpus.CorpusCommand.Create,
        Pipeline.PipelineBenchCommand.Create,
        LeakBenchCommand.Create,
        Micro.MicroBenchCommand.Create,
        OcrMemoryBenchCommand.Create,
        Api.ApiBenchCommand.Create,
        Permissions.PermissionsBenchCommand.Create,
        Formats.FormatsBenchCommand.Create,
    ];
}
