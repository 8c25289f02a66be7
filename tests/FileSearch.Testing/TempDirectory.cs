namespace FileSearch.Testing;

/// <summary>
/// A unique temporary directory removed on dispose, private (<c>0700</c>) like a data directory must be: the host refuses a
/// data directory other accounts can open.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "fs-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a test that left a file open should not fail the run on cleanup
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
