using FileSearch.Bench.Commands;
using FileSearch.Testing;

namespace FileSearch.Bench.Tests;

/// <summary>Tests that run the tools in this process (console captured) share the console, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>Runs <c>filesearch-bench</c> commands in-process with the console captured.</summary>
internal static class InProcessBench
{
    public static Task<(int ExitCode, string Output)> RunAsync(string dataDir, params string[] args) =>
        ConsoleCapture.RunAsync(FileSearchBenchCli.InvokeAsync, [.. args, "--data-dir", dataDir]);
}
