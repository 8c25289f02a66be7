using System.Globalization;
using FileSearch.Cli.Commands;
using FileSearch.Testing;
using Xunit.Abstractions;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// <c>ingest</c> of the format corpus (tests/data/formats) and of PDFs with wrapped Japanese words (tests/data/wrapped),
/// through the CLI with the real engines (LibreOffice, NPOI, MimeKit, PdfPig, MeCab + Lucene).
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FormatsIngestTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-formats");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task Ingest_FormatCorpus_EveryFileFoundByItsOwnWord()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "formats");
        var expected = File.ReadLines(Path.Combine(source, "expected.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        var files = expected.Select(e => e[0]).Distinct(StringComparer.Ordinal).ToList();

        var ingest = await InProcessCli.RunAsync(DataDir, "ingest", source);

        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        Assert.Contains($"{files.Count + 1} new or changed", ingest.Output, StringComparison.Ordinal); // + expected.tsv itself
        var missed = new List<string>();
        foreach (var row in expected)
        {
            var search = await InProcessCli.RunAsync(DataDir, "search", row[1]);
            if (!search.Output.Contains(row[0], StringComparison.Ordinal))
            {
                missed.Add($"{row[0]}: {row[1]}");
            }
        }

        Assert.True(missed.Count == 0, "not found by their words: " + string.Join("; ", missed));
    }

    [Fact]
    public async Task Ingest_WrappedWordPdfs_EveryWrappedWordFound()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "wrapped");
        var words = File.ReadLines(Path.Combine(source, "words.txt")).Where(l => l.Length > 0 && l[0] != '#').ToList();
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        foreach (var pdf in (string[])["narrow.pdf", "spaced.pdf"])
        {
            File.Copy(Path.Combine(source, pdf), Path.Combine(docs, pdf));
        }

        Assert.Equal(ExitCodes.Success, (await InProcessCli.RunAsync(DataDir, "ingest", docs)).ExitCode);
        var found = new Dictionary<string, int>(StringComparer.Ordinal) { ["narrow.pdf"] = 0, ["spaced.pdf"] = 0 };
        var missed = new List<string>();
        foreach (var word in words)
        {
            var output = (await InProcessCli.RunAsync(DataDir, "search", word)).Output;
            foreach (var pdf in found.Keys.ToList())
            {
                if (output.Contains(pdf, StringComparison.Ordinal))
                {
                    found[pdf]++;
                }
                else
                {
                    missed.Add($"{pdf}: {word}");
                }
            }
        }

        // The measurement the change is judged by: printed, so a run shows it.
        foreach (var (pdf, count) in found)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RECALL wrapped-words {pdf}: {count}/{words.Count} = {(double)count / words.Count:P0}"));
        }

        Assert.True(missed.Count == 0, "wrapped words not found: " + string.Join("; ", missed));
    }
}
