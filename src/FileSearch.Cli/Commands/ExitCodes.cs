namespace FileSearch.Cli.Commands;

/// <summary>Process exit codes of the CLI.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An error stopped the command.</summary>
    public const int Error = 1;

    /// <summary>Invalid arguments or configuration.</summary>
    public const int Usage = 2;

    /// <summary>The requested document or message does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>The command completed but some files failed (they are in the dead-letter queue).</summary>
    public const int CompletedWithFailures = 4;

    /// <summary>Another process (a running worker or ingest) is writing the data directory's index.</summary>
    public const int IndexBusy = 5;

    /// <summary>A local database of the data directory (queue, metadata) is damaged; the message says how to recover it.</summary>
    public const int StorageDamaged = 6;
}
