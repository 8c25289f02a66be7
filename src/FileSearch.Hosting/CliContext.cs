namespace FileSearch.Hosting;

/// <summary>What a front end tells the host: where its data lives and how much to log (the CLIs take both from their global options).</summary>
/// <param name="DataDirectory">Absolute data directory (state, index, thumbnails, temp).</param>
/// <param name="Verbose">Debug logging and stack traces.</param>
public sealed record CliContext(string DataDirectory, bool Verbose)
{
    /// <summary>Resolves the data directory: --data-dir, then FILESEARCH_DATA_DIR, then ./.filesearch.</summary>
    public static string ResolveDataDirectory(string? option)
    {
        var chosen = !string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable("FILESEARCH_DATA_DIR") is { Length: > 0 } env ? env
            : ".filesearch";
        return Path.GetFullPath(chosen);
    }
}
