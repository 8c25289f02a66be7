using FileSearch.Core.Errors;
using Lucene.Net.Index;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Recognises a damaged index folder (missing or corrupt segment files) and reports it as a failure of the index, never
/// of the document being processed: a missing <c>_1c.cfs</c> is not a missing input file.
/// </summary>
internal static class Damage
{
    public const string FailureCode = "index-damaged";

    /// <summary>Exceptions Lucene throws when the files of a commit are missing, truncated or corrupt.</summary>
    public static bool IsDamage(Exception exception) => exception is CorruptIndexException
        or FileNotFoundException
        or DirectoryNotFoundException
        or EndOfStreamException
        or IndexFormatTooOldException
        or IndexFormatTooNewException;

    /// <summary>Runs a Lucene write, translating damage into <see cref="Retryable"/>.</summary>
    public static void Guard(string path, Action write) => Guard(path, () =>
    {
        write();
        return true;
    });

    /// <summary>Runs a Lucene read, translating damage into <see cref="Retryable"/>.</summary>
    public static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            throw Retryable(path, ex);
        }
    }

    /// <summary>
    /// The index failure as a retryable one: the worker keeps documents PENDING_INDEX instead of dead-lettering them, and
    /// the message says how to repair the folder.
    /// </summary>
    public static ProcessingException Retryable(string path, Exception exception) => ProcessingException.Retryable(
        FailureCode,
        $"The search index at {path} is damaged ({exception.GetType().Name}: {exception.Message}). Run './filesearch reindex --all' to rebuild "
        + "it from the metadata store (a starting worker does this by itself)",
        exception);

    /// <summary>Lucene files left in a folder without a readable <c>segments_N</c>: damage; null when there are none.</summary>
    public static string? OrphanedFiles(string path)
    {
        var orphans = System.IO.Directory.EnumerateFiles(path)
            .Select(Path.GetFileName)
            .Where(name => name is not null && (name.StartsWith('_') || name.StartsWith("segments", StringComparison.Ordinal)))
            .Take(3)
            .ToList();
        return orphans.Count == 0 ? null : $"no readable commit (segments_N) but segment files remain: {string.Join(", ", orphans)}";
    }
}
