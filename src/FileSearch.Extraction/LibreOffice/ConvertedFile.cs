namespace FileSearch.Extraction.LibreOffice;

/// <summary>A file LibreOffice wrote; disposing it removes it and its private folder.</summary>
public sealed class ConvertedFile : IDisposable
{
    private readonly string _directory;

    internal ConvertedFile(string path, string directory)
    {
        Path = path;
        _directory = directory;
    }

    /// <summary>The converted file.</summary>
    public string Path { get; }

    public void Dispose() => ConversionDirectories.Delete(_directory);
}
