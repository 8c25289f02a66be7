using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class RtfTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-rtf");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExtractAsync_ShiftJisEscapesSplitAcrossLines_DecodedAsOneText()
    {
        // 請求 in CP932 is 90 BF 8B 81: a double-byte character is two escapes, and a line break may fall between characters.
        var text = await ExtractAsync(@"{\rtf1\ansi\ansicpg932{\fonttbl{\f0\fcharset128 MS Mincho;}}\f0 \'90\'bf" + "\r\n" + @"\'8b\'81\par}");

        Assert.Equal("請求", text);
    }

    [Fact]
    public async Task ExtractAsync_UnicodeEscapes_FallbackBytesSkippedPerUc()
    {
        var text = await ExtractAsync(@"{\rtf1\ansi\ansicpg932\uc2\u26085\'93\'fa\u26412\'96\'7b{\uc1\u35486?}\par}");

        Assert.Equal("日本語", text);
    }

    [Fact]
    public async Task ExtractAsync_NonTextDestinations_Skipped()
    {
        var text = await ExtractAsync(
            @"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s1 Heading;}}{\info{\author Secret}}"
            + @"{\*\generator Writer}{\pict\pngblip 89504e47}{\field{\*\fldinst HYPERLINK ""x""}{\fldrslt link}}Body\tab cell\line end\par}");

        Assert.Equal("linkBody\tcell\nend", text);
    }

    [Fact]
    public async Task ExtractAsync_EscapedBracesAndBackslash_Literal()
    {
        var text = await ExtractAsync(@"{\rtf1 a\{b\}c\\d\par}");

        Assert.Equal(@"a{b}c\d", text);
    }

    private async Task<string> ExtractAsync(string rtf)
    {
        var path = _temp.Combine("doc.rtf");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes(rtf));
        var result = await new RtfTextExtractor(TestSupport.Options(), NullLogger<RtfTextExtractor>.Instance)
            .ExtractAsync(path, FileKind.Rtf, CancellationToken.None);
        Assert.Equal("rtf", result.Method);
        return result.Text;
    }
}
