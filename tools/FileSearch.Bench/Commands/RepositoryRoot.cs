namespace FileSearch.Bench.Commands;

/// <summary>Finds the FileSearch checkout for the commands that need its files (samples, stand-ins, benchmark projects).</summary>
internal static class RepositoryRoot
{
    /// <summary>Searched from the current directory, then from this program's folder (artifacts/bench inside the checkout).</summary>
    public static string? Find(params string[] markers) => FindFrom([Environment.CurrentDirectory, AppContext.BaseDirectory], markers);

    /// <summary>
    /// The first folder at or above one of <paramref name="starts"/> holding FileSearch.slnx and every one of
    /// <paramref name="markers"/> (files or folders, relative to it); null when there is none.
    /// </summary>
    public static string? FindFrom(IEnumerable<string> starts, params string[] markers)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(markers);
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (markers.Prepend("FileSearch.slnx").All(m => Path.Exists(Path.Combine(dir.FullName, m))))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
