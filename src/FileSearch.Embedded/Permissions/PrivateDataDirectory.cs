namespace FileSearch.Embedded.Permissions;

/// <summary>
/// Keeps the data directory private to the service account. Everything in it (metadata.db with all extracted text, the
/// Lucene index, the OCR page cache, thumbnails, temp copies) is as sensitive as the most private file indexed, so the
/// process mask is set to <c>077</c> (<c>027</c> with group access) before anything is written: files the process and
/// the libraries in it (SQLite, Lucene, pdftoppm) create are <c>0600</c>, folders <c>0700</c>, whatever the caller's
/// umask, in the data directory and under the system temp directory alike. A missing data directory is created
/// <c>0700</c>; an existing one that other accounts can open is refused.
/// </summary>
public static class PrivateDataDirectory
{
    /// <summary>Configuration key of the operator option that lets the directory's group in (a service group).</summary>
    public const string AllowGroupAccessKey = "DataDirectory:AllowGroupAccess";

    /// <summary>
    /// Sets the process umask, creates <paramref name="path"/> if missing and checks its mode: throws
    /// <see cref="DataDirectoryNotPrivateException"/> when others (or, without <paramref name="allowGroup"/>, its group) can
    /// read, write or enter it. Does nothing on Windows.
    /// </summary>
    public static void Prepare(string path, bool allowGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        PosixNative.SetUmask(allowGroup ? 0b000_010_111u : 0b000_111_111u);
        if (!Directory.Exists(path))
        {
            Create(path, allowGroup);
        }

        var mode = File.GetUnixFileMode(path);
        var forbidden = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute
            | (allowGroup ? UnixFileMode.GroupWrite : UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        if ((mode & forbidden) != 0)
        {
            var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
            var fix = allowGroup ? "chmod -R o-rwx,g-w" : "chmod -R go-rwx";
            var who = allowGroup ? "other accounts" : "its group or other accounts";
            var option = allowGroup ? string.Empty : $" or set {AllowGroupAccessKey}=true for a service group";
            throw new DataDirectoryNotPrivateException(
                $"data directory {path} is accessible by {who} (mode {octal}); make it private ({fix} '{path}'){option}");
        }
    }

    /// <summary>Creates <paramref name="path"/> (and missing parents) private to this account: <c>0700</c> (<c>0750</c> with group access).</summary>
    public static DirectoryInfo Create(string path, bool allowGroup = false) =>
        OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | (allowGroup ? UnixFileMode.GroupRead | UnixFileMode.GroupExecute : UnixFileMode.None));
}

/// <summary>The data directory is open to other accounts; the message says how to fix it (one line).</summary>
public sealed class DataDirectoryNotPrivateException(string message) : Exception(message);
