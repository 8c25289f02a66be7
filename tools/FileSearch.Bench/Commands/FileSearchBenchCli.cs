using System.CommandLine;
using FileSearch.Cli.Commands;

namespace FileSearch.Bench.Commands;

/// <summary>The command tree of <c>filesearch-bench</c>: benchmarks, drills and simulations of the product.</summary>
public static class FileSearchBenchCli
{
    public static RootCommand Create()
    {
        var globals = new GlobalOptions();
        return new RootCommand("FileSearch benchmarks, drills and simulations (the product is ./filesearch).")
        {
            globals.DataDir,
            globals.Verbose,
            Bench.BenchCommand.Create(globals),
            LoadCommand.Create(globals),
            Soak.SoakCommand.Create(globals),
            Profile.ProfileCommand.Create(globals),
            SimulateScalingCommand.Create(globals),
        };
    }

    /// <summary>Parses and runs, as <see cref="FileSearchCli.InvokeAsync(string[])"/> does for the product.</summary>
    public static Task<int> InvokeAsync(string[] args) => FileSearchCli.InvokeAsync(Create(), "filesearch-bench", args);
}
