using System.Diagnostics;
using FileSearch.Core.Errors;
using FileSearch.Extraction.LibreOffice;
using FileSearch.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Extraction.Tests;

/// <summary>
/// The converter's supervision (timeouts, crashes, unreadable files, missing programs) against stand-in programs whose
/// behaviour the test chooses; the real LibreOffice path is in <see cref="LibreOfficeConverterIntegrationTests"/>.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LibreOfficeConverterTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-lo-unit");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ConvertAsync_HelperHangs_TimesOutKillsAndRestartsTheInstance()
    {
        using var sut = CreateSut(helperOnRequest: "sleep 600");
        var input = Input();

        var first = await Assert.ThrowsAsync<ProcessingException>(() => sut.ConvertAsync(input, OfficeConversion.DocToDocx, CancellationToken.None));
        var killed = sut.OfficeProcessIds;
        var second = await Assert.ThrowsAsync<ProcessingException>(() => sut.ConvertAsync(input, OfficeConversion.DocToDocx, CancellationToken.None));

        Assert.Equal((FailureKind.Retryable, "conversion-timeout"), (first.Kind, first.Code));
        Assert.Equal((FailureKind.Retryable, "conversion-timeout"), (second.Kind, second.Code));
        Assert.Equal([null], killed); // the stand-in office was killed with the helper
        Assert.Empty(Directory.EnumerateDirectories(WorkDirectory, "job-*"));
    }

    [Fact]
    public async Task ConvertAsync_HelperExitsMidDocument_RetryableCrash()
    {
        using var sut = CreateSut(helperOnRequest: "exit 3");

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.ConvertAsync(Input(), OfficeConversion.PptToPptx, CancellationToken.None));

        Assert.Equal((FailureKind.Retryable, "converter-crashed"), (ex.Kind, ex.Code));
        Assert.Empty(Directory.EnumerateDirectories(WorkDirectory, "job-*"));
    }

    [Fact]
    public async Task ConvertAsync_FileLibreOfficeCannotLoad_PermanentCorruptOfficeAndInstanceKept()
    {
        using var sut = CreateSut(helperOnRequest: "echo '{\"ok\": false, \"kind\": \"load\", \"error\": \"type detection failed\"}'");

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.ConvertAsync(Input(), OfficeConversion.DocToDocx, CancellationToken.None));

        Assert.Equal((FailureKind.Permanent, "corrupt-office"), (ex.Kind, ex.Code));
        Assert.Contains("type detection failed", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(sut.OfficeProcessIds));
    }

    [Fact]
    public async Task ConvertAsync_SofficeMissing_RetryableUnavailable()
    {
        using var sut = new LibreOfficeConverter(
            TestSupport.OptionsOf(new LibreOfficeOptions { SofficePath = "/nonexistent/soffice", WorkDirectory = WorkDirectory }),
            TimeProvider.System,
            NullLogger<LibreOfficeConverter>.Instance);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() => sut.ConvertAsync(Input(), OfficeConversion.DocToDocx, CancellationToken.None));

        Assert.Equal((FailureKind.Retryable, "converter-unavailable"), (ex.Kind, ex.Code));
    }

    [Fact]
    public async Task ExtractAsync_PreviewPartOfTheLoadHangs_TextConvertedAloneAndNoPdfKept()
    {
        var docx = _temp.Combine("answer.docx");
        OfficeFiles.CreateDocx(docx);
        // Two outputs in the request (the text and the first page): hangs. One output: writes the DOCX.
        using var converter = CreateSut(
            "case \"$line\" in *converted-1*) sleep 600 ;; *) out=$(printf '%s' \"$line\" | sed 's/.*\"out\":\"\\([^\"]*\\)\".*/\\1/'); "
            + $"cp '{docx}' \"$out\"; echo '{{\"ok\": true}}' ;; esac",
            previewTimeout: TimeSpan.FromSeconds(1));
        var sut = new LegacyOfficeTextExtractor(
            TestSupport.OptionsOf(new ExtractionOptions()), converter, NullLogger<LegacyOfficeTextExtractor>.Instance, NullLogger<OpenXmlTextExtractor>.Instance);
        var work = _temp.Combine("document");
        Directory.CreateDirectory(work);
        var input = Path.Combine(work, "source.doc");
        File.WriteAllBytes(input, [1, 2, 3]);

        var result = await sut.ExtractAsync(input, Core.Domain.FileKind.Doc, work, CancellationToken.None);

        Assert.Contains("業務委託契約書", result.Text, StringComparison.Ordinal);
        Assert.Equal(2, converter.Loads); // the hung request, then the text alone
        Assert.Equal([input], Directory.GetFileSystemEntries(work));
        Assert.Empty(Directory.EnumerateDirectories(WorkDirectory, "job-*"));
    }

    private string WorkDirectory => _temp.Combine("work");

    private string Input()
    {
        var path = _temp.Combine("input.doc");
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }

    /// <summary>A stand-in office (sleeps) and helper (says ready, then runs <paramref name="helperOnRequest"/> per request line).</summary>
    private LibreOfficeConverter CreateSut(string helperOnRequest, TimeSpan? previewTimeout = null)
    {
        var office = Script("soffice", "exec sleep 600");
        var helper = Script("helper", $"echo '{{\"ready\": true}}'\nwhile read line; do {helperOnRequest}; done");
        return new LibreOfficeConverter(
            TestSupport.OptionsOf(new LibreOfficeOptions
            {
                SofficePath = office,
                PythonPath = helper,
                ConversionTimeout = TimeSpan.FromSeconds(1),
                PreviewTimeout = previewTimeout ?? TimeSpan.FromSeconds(30),
                StartTimeout = TimeSpan.FromSeconds(10),
                WorkDirectory = WorkDirectory,
            }),
            TimeProvider.System,
            NullLogger<LibreOfficeConverter>.Instance);
    }

    private string Script(string name, string body)
    {
        var path = _temp.Combine(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}

/// <summary>The converter with the real LibreOffice (Debian's libreoffice-*-nogui and python3-uno).</summary>
[Trait("Category", "Integration")]
public sealed class LibreOfficeConverterIntegrationTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-lo-real");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ConvertAsync_TwoDocuments_SameWarmInstanceAndNothingLeftBehind()
    {
        var work = _temp.Combine("work");
        using var sut = new LibreOfficeConverter(
            TestSupport.OptionsOf(new LibreOfficeOptions { WorkDirectory = work }), TimeProvider.System, NullLogger<LibreOfficeConverter>.Instance);

        var cold = Stopwatch.StartNew();
        using (var first = await sut.ConvertAsync(FormatCorpus.File("稟議書.doc"), OfficeConversion.DocToDocx, CancellationToken.None))
        {
            Assert.True(new FileInfo(first.Path).Length > 0);
        }

        cold.Stop();
        var office = Assert.Single(sut.OfficeProcessIds);
        var warm = Stopwatch.StartNew();
        using (var second = await sut.ConvertAsync(FormatCorpus.File("事業計画.ppt"), OfficeConversion.PptToPptx, CancellationToken.None))
        {
            Assert.EndsWith(".pptx", second.Path, StringComparison.Ordinal);
        }

        warm.Stop();
        Console.WriteLine($"LibreOffice: first document (instance start) {cold.ElapsedMilliseconds} ms, second (warm) {warm.ElapsedMilliseconds} ms");
        Assert.NotNull(office);
        Assert.Equal(office, Assert.Single(sut.OfficeProcessIds));
        Assert.Empty(Directory.EnumerateDirectories(work, "job-*"));
    }

    [Fact]
    public async Task ConvertAsync_TwoConvertersInOneProcess_EachKeepsItsOwnOfficeWhenTheOtherStops()
    {
        using var keeper = new LibreOfficeConverter(
            TestSupport.OptionsOf(new LibreOfficeOptions { WorkDirectory = _temp.Combine("a") }), TimeProvider.System, NullLogger<LibreOfficeConverter>.Instance);
        var other = new LibreOfficeConverter(
            TestSupport.OptionsOf(new LibreOfficeOptions { WorkDirectory = _temp.Combine("b") }), TimeProvider.System, NullLogger<LibreOfficeConverter>.Instance);
        // The other starts first: a helper that found its office through a shared pipe name would be talking to it.
        using (await other.ConvertAsync(FormatCorpus.File("稟議書.doc"), OfficeConversion.DocToDocx, CancellationToken.None))
        using (await keeper.ConvertAsync(FormatCorpus.File("稟議書.doc"), OfficeConversion.DocToDocx, CancellationToken.None))
        {
            Assert.NotEqual(Assert.Single(keeper.OfficeProcessIds), Assert.Single(other.OfficeProcessIds));
        }

        var office = Assert.Single(keeper.OfficeProcessIds);
        other.Dispose();

        using var again = await keeper.ConvertAsync(FormatCorpus.File("事業計画.ppt"), OfficeConversion.PptToPptx, CancellationToken.None);
        Assert.True(new FileInfo(again.Path).Length > 0);
        Assert.Equal(office, Assert.Single(keeper.OfficeProcessIds));
    }
}
