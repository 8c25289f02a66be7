using CsCheck;

namespace FileSearch.Testing.Degenerate;

/// <summary>What a file of the degenerate corpus must become.</summary>
public enum DegenerateExpectation
{
    /// <summary>A valid file every reader accepts: it must be indexed.</summary>
    Indexed,

    /// <summary>Valid but at an edge a library may refuse (zero pages, a zero-area page box): indexed, or dead-lettered once with a specific reason.</summary>
    IndexedOrRefused,
}

/// <summary>One generated file: its path relative to the corpus folder, its family, what it must become, and a word of its text when a reader must find one.</summary>
public sealed record DegenerateFile(string RelativePath, string Family, DegenerateExpectation Expectation, string? Word = null);

/// <summary>
/// Generates valid files at the edges of the formats the worker reads: images of every small size and extreme aspect
/// ratios in every colour model and bit depth (libvips writers), animated GIF and WebP, multi-page TIFFs with many and
/// mixed-size pages, EXIF orientations 1-8, images without ink; PDFs with zero, one or thousands of pages, huge, tiny and
/// rotated page boxes, vector-only pages and broken cross-reference tables; Office files with empty bodies, hundreds of
/// thousands of cells and deeply nested tables; text files without newlines for megabytes, with NUL bytes and mixed
/// encodings. The random part (image sizes, colour models, formats) is drawn by CsCheck from a seed that
/// <see cref="Seed"/> returns, so a failing corpus can be generated again.
/// </summary>
public sealed class DegenerateCorpus
{
    private readonly List<DegenerateFile> _files = [];

    private DegenerateCorpus(string root, string seed)
    {
        Root = root;
        Seed = seed;
    }

    /// <summary>The folder the files were written to.</summary>
    public string Root { get; }

    /// <summary>The CsCheck seed of the random part (set <c>FILESEARCH_DEGENERATE_SEED</c> to it to generate the same corpus).</summary>
    public string Seed { get; }

    /// <summary>Every file written.</summary>
    public IReadOnlyList<DegenerateFile> Files => _files;

    /// <summary>
    /// Writes the corpus under <paramref name="root"/>. <paramref name="randomImages"/> images come from the seeded
    /// generator; <paramref name="heavy"/> adds the largest files (thousands of PDF pages, hundreds of thousands of cells,
    /// hundreds of TIFF pages) in their full size instead of a smaller one.
    /// </summary>
    public static DegenerateCorpus Write(string root, string? seed = null, int randomImages = 120, bool heavy = false)
    {
        Directory.CreateDirectory(root);
        seed ??= Environment.GetEnvironmentVariable("FILESEARCH_DEGENERATE_SEED");
        var pcg = string.IsNullOrEmpty(seed) ? PCG.ThreadPCG : PCG.Parse(seed);
        var corpus = new DegenerateCorpus(root, pcg.ToString(pcg.State));
        DegenerateImages.Write(corpus, pcg, randomImages, heavy);
        DegeneratePdfs.Write(corpus, heavy);
        DegenerateOffice.Write(corpus, heavy);
        DegenerateTexts.Write(corpus, heavy);
        return corpus;
    }

    /// <summary>The full path of <paramref name="relativePath"/>, its folder created.</summary>
    internal string PathOf(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    internal void Add(string relativePath, string family, DegenerateExpectation expectation = DegenerateExpectation.Indexed, string? word = null)
    {
        if (!File.Exists(Path.Combine(Root, relativePath)))
        {
            throw new InvalidOperationException($"the generator did not write {relativePath}");
        }

        _files.Add(new DegenerateFile(relativePath, family, expectation, word));
    }

    internal void AddBytes(string relativePath, string family, ReadOnlySpan<byte> bytes, DegenerateExpectation expectation = DegenerateExpectation.Indexed, string? word = null)
    {
        File.WriteAllBytes(PathOf(relativePath), bytes.ToArray());
        Add(relativePath, family, expectation, word);
    }
}
