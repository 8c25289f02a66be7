using System.CommandLine;

namespace FileSearch.Cli.Commands;

/// <summary>Options available on every command.</summary>
public sealed class GlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Data directory (state, index, thumbnails). Default: $FILESEARCH_DATA_DIR or ./.filesearch",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Debug logging and full error details",
        Recursive = true,
    };
}
