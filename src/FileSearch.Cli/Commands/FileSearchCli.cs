using System.CommandLine;

namespace FileSearch.Cli.Commands;

/// <summary>The command tree of <c>filesearch</c>.</summary>
public static class FileSearchCli
{
    public static RootCommand Create()
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("FileSearch: index folders of Japanese documents, scans and photos, then search them.")
        {
            globals.DataDir,
            globals.Verbose,
            IngestCommand.Create(globals),
            WorkerCommand.Create(globals),
            SearchCommand.Create(globals),
            ShowCommand.Create(globals),
            StatusCommand.Create(globals),
            DlqCommand.Create(globals),
            SetupCommand.Create(globals),
            UploadCommand.Create(globals),
            ReindexCommand.Create(globals),
            BackfillCommand.Create(globals),
            CompactCommand.Create(globals),
            SimilarCommand.Create(globals),
            DuplicatesCommand.Create(globals),
            ScalerCommand.Create(globals),
            ServeCommand.Create(globals),
            ApiKeyCommand.Create(globals),
            AccessCommand.Create(globals),
        };
        return root;
    }

    /// <summary>
    /// Parses and runs. System.CommandLine's own Ctrl+C handling is off: the worker's host drains on
    /// SIGINT/SIGTERM itself, and other commands cancel through <see cref="CommandRunner"/>.
    /// </summary>
    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(Create(), "filesearch", args);

    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs; usage errors name <paramref name="program"/>.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string program, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"Run '{program} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
