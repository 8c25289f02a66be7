using FileSearch.Cli.Commands;
using Spectre.Console;

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
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDir, params string[] args)
    {
        await Gate.WaitAsync();
        var originalOut = Console.Out;
        var originalError = Console.Error;
        var originalAnsi = AnsiConsole.Console;
        using var writer = new StringWriter();
        try
        {
            Console.SetOut(writer);
            Console.SetError(writer);
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            AnsiConsole.Profile.Width = 240;
            var exit = await FileSearchCli.InvokeAsync([.. args, "--data-dir", dataDir]);
            return (exit, writer.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
            AnsiConsole.Console = originalAnsi;
            Gate.Release();
        }
    }
}
