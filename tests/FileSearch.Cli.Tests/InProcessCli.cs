using FileSearch.Cli.Commands;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests;

/// <summary>Tests that run the CLI in this process (console captured) share the console, so they never run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>Runs <c>filesearch</c> commands in-process with the console captured.</summary>
internal static class InProcessCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(string dataDir, params string[] args) =>
        ConsoleCapture.RunAsync(FileSearchCli.InvokeAsync, [.. args, "--data-dir", dataDir]);
}
