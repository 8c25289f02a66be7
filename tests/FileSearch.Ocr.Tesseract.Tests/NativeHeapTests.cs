using FileSearch.Testing;

namespace FileSearch.Ocr.Tesseract.Tests;

[Trait("Category", "Unit")]
public sealed class NativeHeapTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-heap");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("7f1c2a000000-7f1c2a0a0000 r-xp 00000000 fe:01 1234 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "jemalloc")]
    [InlineData("7f1c2a000000-7f1c2a0a0000 r-xp 00000000 fe:01 1234 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10", "tcmalloc")]
    [InlineData("7f1c2a000000-7f1c2a0a0000 r-xp 00000000 fe:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6", "glibc")]
    public void Allocator_MappedLibraries_NamesTheAllocator(string mapping, string expected)
    {
        var maps = _temp.Combine("maps");
        File.WriteAllLines(maps, ["55d0c0000000-55d0c0001000 r--p 00000000 fe:01 99 /usr/share/dotnet/dotnet", mapping]);

        Assert.Equal(expected, NativeHeap.Allocator(maps));
    }

    [Fact]
    public void Allocator_NoMapsFile_Unknown() => Assert.Equal("unknown", NativeHeap.Allocator(_temp.Combine("missing")));

    [Fact]
    public void Allocator_ThisProcess_OneOfTheKnownNames() =>
        Assert.Contains(NativeHeap.Allocator(), new[] { "glibc", "jemalloc", "tcmalloc" });
}
