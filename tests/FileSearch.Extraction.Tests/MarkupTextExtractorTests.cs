using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class MarkupTextExtractorTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-markup");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExtractAsync_HtmlShiftJisByHttpEquiv_DecodedWithoutScriptsOrStyles()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=x-sjis\"><title>題名</title>"
            + "<style>.a{}</style></head><body><h1>見出し</h1><p>本文&amp;&#x65E5;&nbsp;終わり</p><script>alert('x')</script>"
            + "<table><tr><td>一</td><td>二</td></tr></table></body></html>";
        var path = Write("page.html", Encoding.GetEncoding(932).GetBytes(html));

        var result = await CreateSut().ExtractAsync(path, FileKind.Html, CancellationToken.None);

        Assert.Equal("html", result.Method);
        Assert.Equal("見出し\n本文&日\u00A0終わり\n一\t二", result.Text);
        Assert.Equal("題名", result.Properties!["title"]);
        Assert.Equal("shift_jis", result.Properties["encoding"]);
    }

    [Fact]
    public async Task ExtractAsync_HtmlUtf8Bom_BomWinsOverWrongMeta()
    {
        var path = Write("page.html", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<meta charset=\"shift_jis\"><p>日本語</p>")]);

        var result = await CreateSut().ExtractAsync(path, FileKind.Html, CancellationToken.None);

        Assert.Equal("日本語", result.Text);
    }

    [Fact]
    public async Task ExtractAsync_XmlDeclaredShiftJis_TextAndCdata()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Write("a.xml", Encoding.GetEncoding(932).GetBytes("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a x=\"属性\"><b>本文</b><![CDATA[<生>]]></a>"));

        var result = await CreateSut().ExtractAsync(path, FileKind.Xml, CancellationToken.None);

        Assert.Equal(("xml", "本文\n<生>"), (result.Method, result.Text));
    }

    [Fact]
    public async Task ExtractAsync_XmlWithExternalEntity_NotResolved()
    {
        var path = Write("a.xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>本文&x;</a>"));

        var result = await CreateSut().ExtractAsync(path, FileKind.Xml, CancellationToken.None);

        Assert.DoesNotContain("root:", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_Json_ValuesWithPropertyNamesEscapesDecoded()
    {
        var path = Write("a.json", Encoding.UTF8.GetBytes("{\"名前\": \"\\u5c71\\u7530\", \"年齢\": 30, \"タグ\": [\"営業\", true]}"));

        var result = await CreateSut().ExtractAsync(path, FileKind.Json, CancellationToken.None);

        Assert.Equal(("json", "名前: 山田\n年齢: 30\nタグ: 営業"), (result.Method, result.Text));
    }

    [Fact]
    public async Task ExtractAsync_BrokenJson_ReadAsPlainText()
    {
        var path = Write("a.json", Encoding.UTF8.GetBytes("{\"名前\": \"山田\""));

        var result = await CreateSut().ExtractAsync(path, FileKind.Json, CancellationToken.None);

        Assert.Equal(("plain", "{\"名前\": \"山田\""), (result.Method, result.Text));
    }

    private static MarkupTextExtractor CreateSut() => new(TestSupport.Options(), NullLogger<MarkupTextExtractor>.Instance);

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
