using Spectre.Console;

namespace FileSearch.Testing;

/// <summary>
/// Runs a command-line entry point in this process with the console captured (<see cref="Console"/> and Spectre's
/// <see cref="AnsiConsole"/>, plain and 240 columns wide). The console is process-wide, so runs take turns.
/// </summary>
public static class ConsoleCapture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Invokes <paramref name="invoke"/> with <paramref name="args"/>; returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(Func<string[], Task<int>> invoke, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(invoke);
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
            var exit = await invoke(args);
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
