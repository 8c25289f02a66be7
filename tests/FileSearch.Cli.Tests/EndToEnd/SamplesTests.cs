using FileSearch.Testing;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// The README demo: ingest samples/ with every real engine (PdfPig, OpenXml, Shift_JIS decoding, Tesseract, libvips)
/// and check that each query finds exactly the files samples/README says it should.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SamplesTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-samples");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IngestSamples_DemoQueries_FindExactlyTheExpectedFiles()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        var data = _temp.Combine("data");

        var ingest = await InProcessCli.RunAsync(data, "ingest", samples);
        Assert.True(ingest.ExitCode == 0, ingest.Output);

        await AssertFindsAsync(data, "契約", "契約書_業務委託_2025.pdf", "議事録_sjis.txt");
        await AssertFindsAsync(data, "売上", "売上実績_2025Q1.xlsx", "営業報告書_2025年1月.docx");
        await AssertFindsAsync(data, "会社案内", "会社案内.pptx");
        await AssertFindsAsync(data, "予算", "議事録_sjis.txt");
        await AssertFindsAsync(data, "振込期限", "スキャン_請求書.png");
        await AssertFindsAsync(data, "検収", "スキャン_納品書.jpg");

        // Issue 5: the local image embedder gives every image a vector; an edited copy (half size, JPEG quality 40)
        // finds its original first.
        var edited = _temp.Combine("edited_copy.jpg");
        using (var original = NetVips.Image.NewFromFile(Path.Combine(samples, "photo_office.jpg")))
        using (var smaller = original.Resize(0.5))
        {
            smaller.Jpegsave(edited, q: 40);
        }

        var similar = await InProcessCli.RunAsync(data, "similar", edited);
        Assert.True(similar.ExitCode == 0, similar.Output);
        var firstRow = similar.Output.Split('\n').First(l => l.StartsWith("│ 1 ", StringComparison.Ordinal));
        Assert.Contains("photo_office.jpg", firstRow, StringComparison.Ordinal);

        var photo = await InProcessCli.RunAsync(data, "show", Path.Combine(samples, "photo_office.jpg"));
        Assert.Contains("256.webp", photo.Output, StringComparison.Ordinal);
        Assert.Contains("INDEXED", photo.Output, StringComparison.Ordinal);

        // Issue 3: the OCR facts are part of the document's metadata.
        var scan = await InProcessCli.RunAsync(data, "show", Path.Combine(samples, "スキャン_請求書.png"));
        Assert.Contains("1 recognised", scan.Output, StringComparison.Ordinal);
        Assert.Contains("normalize", scan.Output, StringComparison.Ordinal);
    }

    private static async Task AssertFindsAsync(string data, string query, params string[] expected)
    {
        var result = await InProcessCli.RunAsync(data, "search", query, "--limit", "20");
        Assert.Contains($"{query}: {expected.Length} document(s)", result.Output, StringComparison.Ordinal);
        foreach (var name in expected)
        {
            Assert.Contains(name, result.Output, StringComparison.Ordinal);
        }
    }
}
