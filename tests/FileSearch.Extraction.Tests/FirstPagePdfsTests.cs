using FileSearch.Extraction.Internals;
using FileSearch.Testing;

namespace FileSearch.Extraction.Tests;

/// <summary>The first-page PDF kept beside a document is taken for that document only.</summary>
[Trait("Category", "Unit")]
public sealed class FirstPagePdfsTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-first-page");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TryTake_KeptForTheSameFile_MovedToTheTarget()
    {
        var file = Write("member-0.doc", [1, 2, 3]);
        File.WriteAllBytes(FirstPagePdfs.PathFor(file), [37, 80, 68, 70]);
        var target = _temp.Combine("preview.pdf");

        Assert.True(FirstPagePdfs.TryTake(file, target));
        Assert.Equal([37, 80, 68, 70], File.ReadAllBytes(target));
        Assert.Equal([file, target], Directory.GetFiles(_temp.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TryTake_AnotherFileWrittenToTheSamePath_NotTaken()
    {
        var file = Write("member-0.doc", [1, 2, 3]);
        File.WriteAllBytes(FirstPagePdfs.PathFor(file), [37, 80, 68, 70]);
        Write("member-0.doc", [4, 5, 6, 7]); // the next member of another container, same fixed name

        Assert.False(FirstPagePdfs.TryTake(file, _temp.Combine("preview.pdf")));
        Assert.False(File.Exists(_temp.Combine("preview.pdf")));
    }

    [Theory]
    [InlineData("work/source.doc", "work", true)]
    [InlineData("work/members/1/member-0.ppt", "work/", true)]
    [InlineData("corpus/source.doc", "work", false)]
    [InlineData("workshop/source.doc", "work", false)]
    public void IsInside_Paths_OnlyFilesUnderTheFolder(string file, string folder, bool inside) =>
        Assert.Equal(inside, FirstPagePdfs.IsInside(_temp.Combine(file), _temp.Combine(folder)));

    private string Write(string name, byte[] content)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
