namespace FileSearch.Extraction.LibreOffice;

/// <summary>What LibreOffice wrote for one request; disposing it removes the files and their private folder.</summary>
public sealed class ConvertedFile : IDisposable
{
    private readonly string _directory;

    internal ConvertedFile(IReadOnlyList<string?> outputs, string directory)
    {
        Outputs = outputs;
        _directory = directory;
    }

    /// <summary>The file of the request's first conversion (always written).</summary>
    public string Path => Outputs[0]!;

    /// <summary>
    /// One path per requested conversion, in the order asked; null where LibreOffice loaded the document but could not
    /// write that output (never for the first).
    /// </summary>
    public IReadOnlyList<string?> Outputs { get; }

    public void Dispose() => ConversionDirectories.Delete(_directory);
}
