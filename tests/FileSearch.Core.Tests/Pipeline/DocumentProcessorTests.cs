using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Similarity;

namespace FileSearch.Core.Tests.Pipeline;

[Trait("Category", "Unit")]
public sealed class DocumentProcessorTests : IDisposable
{
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProcessAsync_TextFile_IndexesCommitsAndStoresMetadata()
    {
        _h.PutText("reports/営業報告.txt", "営業報告　ＡＢＣ\n売上は前年比120%");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("reports/営業報告.txt"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Null(result.Failure);
        Assert.Equal(["download", "detect", "extract", "thumbnail", "embed", "index", "members", "metadata"], result.Stages.Select(s => s.Stage));
        Assert.Equal(StageStatus.Skipped, result.Stages.Single(s => s.Stage == "thumbnail").Status);
        var doc = Assert.Single(_h.Index.Committed);
        Assert.Equal("営業報告 ABC\n売上は前年比120%", doc.Text);
        Assert.Equal("営業報告.txt", doc.Name);
        var record = await _h.Metadata.GetAsync(doc.Id, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(DocumentStatus.Indexed, record.Status);
        Assert.Equal("営業報告　ＡＢＣ\n売上は前年比120%", record.Text);
        Assert.Equal(FileKind.Text, record.Kind);
        Assert.Equal("plain", record.ExtractionMethod);
        Assert.False(record.Truncated);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task ProcessAsync_TextFile_StoresContentHashAndTextSignature()
    {
        const string Text = "第2条（委託料）甲は乙に対し、委託料として月額金三十五万円を支払う。";
        _h.PutText("契約/a.txt", Text);
        _h.PutText("控え/a.txt", Text);

        var processor = _h.CreateProcessor();
        var a = await processor.ProcessAsync(_h.Created("契約/a.txt"), CancellationToken.None);
        var b = await processor.ProcessAsync(_h.Created("控え/a.txt"), CancellationToken.None);

        var first = (await _h.Metadata.GetAsync(a.Event.DocumentId, CancellationToken.None))!;
        var second = (await _h.Metadata.GetAsync(b.Event.DocumentId, CancellationToken.None))!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Text))), first.ContentSha256);
        Assert.Equal(first.ContentSha256, second.ContentSha256);
        Assert.Equal(MinHashSignature.Compute(Text)!.ToBase64(), first.TextSignature);
    }

    [Fact]
    public async Task ProcessAsync_ExtractionWithOcrSummary_StoredInRecord()
    {
        _h.PutText("scan.txt", "請求書");
        _h.Extractor.Ocr = new OcrSummary { Pages = [new OcrPageSummary(1, OcrPageStatus.Recognized, 42, Weak: true, Retried: true)] };

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("scan.txt"), CancellationToken.None);

        var record = await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None);
        Assert.Equal(_h.Extractor.Ocr, record!.Ocr);
        Assert.Equal(1, record.Ocr!.Weak);
    }

    [Fact]
    public async Task ProcessAsync_ExtractorCouldNotReadTheBody_IndexedWithItsPropertiesAndTheReasonRecorded()
    {
        _h.PutText("議事録.txt", "title: 定例会議事録");
        _h.Extractor.Unread = "ichitaro-body-not-read: the body is not read";

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("議事録.txt"), CancellationToken.None);

        var record = await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None);
        Assert.Equal(DocumentStatus.Indexed, record!.Status);
        Assert.Equal("ichitaro-body-not-read: the body is not read", record.FailureReason);
        Assert.Equal("title: 定例会議事録", Assert.Single(_h.Index.Committed).Text);
        var extract = result.Stages.Single(s => s.Stage == "extract");
        Assert.Equal(StageStatus.Degraded, extract.Status);
        Assert.Contains("ichitaro-body-not-read", extract.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_SameEventTwice_SecondIsUnchangedAndOneDocumentRemains()
    {
        _h.PutText("a.txt", "hello");
        var processor = _h.CreateProcessor();
        var evt = _h.Created("a.txt");

        await processor.ProcessAsync(evt, CancellationToken.None);
        var second = await processor.ProcessAsync(evt, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Unchanged, second.Outcome);
        Assert.Single(_h.Index.Committed);
        Assert.Single(_h.Metadata.Records);
        Assert.Equal(1, _h.Extractor.Calls);
    }

    [Fact]
    public async Task ProcessAsync_OlderEventAfterNewer_IsStaleAndDoesNotOverwrite()
    {
        var processor = _h.CreateProcessor();
        _h.PutText("a.txt", "new content");
        await processor.ProcessAsync(_h.Created("a.txt", sequencer: "0B"), CancellationToken.None);
        _h.PutText("a.txt", "old content");

        var result = await processor.ProcessAsync(_h.Created("a.txt", sequencer: "0A"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Stale, result.Outcome);
        Assert.Equal("new content", Assert.Single(_h.Index.Committed).Text);
    }

    [Fact]
    public async Task ProcessAsync_TwoVersionsConcurrently_NewerTextStaysIndexed()
    {
        var processor = _h.CreateProcessor();
        var olderHeld = new TaskCompletionSource();
        var releaseOlder = new TaskCompletionSource();
        var first = true;
        _h.Extractor.Gate = async ct =>
        {
            if (first)
            {
                first = false;
                olderHeld.SetResult();
                await releaseOlder.Task.WaitAsync(ct);
            }
        };
        _h.PutText("a.txt", "old content");
        var older = processor.ProcessAsync(_h.Created("a.txt", sequencer: "0A"), CancellationToken.None);
        await olderHeld.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _h.PutText("a.txt", "new content");

        var newer = processor.ProcessAsync(_h.Created("a.txt", sequencer: "0B"), CancellationToken.None);
        releaseOlder.SetResult();
        var results = await Task.WhenAll(older, newer).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.Equal(ProcessingOutcome.Indexed, r.Outcome));
        Assert.Equal("new content", Assert.Single(_h.Index.Committed).Text);
        Assert.Equal("0B", Assert.Single(_h.Metadata.Records).Sequencer);
    }

    [Fact]
    public async Task ProcessAsync_NewerEvent_ReplacesDocument()
    {
        var processor = _h.CreateProcessor();
        var t0 = _h.Time.GetUtcNow();
        _h.PutText("a.txt", "version one");
        await processor.ProcessAsync(_h.Created("a.txt", t0), CancellationToken.None);
        _h.PutText("a.txt", "version two");

        var result = await processor.ProcessAsync(_h.Created("a.txt", t0.AddMinutes(1)), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal("version two", Assert.Single(_h.Index.Committed).Text);
    }

    [Fact]
    public async Task ProcessAsync_DeleteEvent_RemovesIndexEntryThumbnailsAndLeavesTombstone()
    {
        var processor = _h.CreateProcessor();
        _h.Objects.Put(PipelineHarness.Bucket, "photos/p.png", [1, 2, 3]);
        var t0 = _h.Time.GetUtcNow();
        await processor.ProcessAsync(_h.Created("photos/p.png", t0), CancellationToken.None);
        Assert.Contains(_h.Objects.Keys, k => k.Bucket == "filesearch-thumbnails");

        var result = await processor.ProcessAsync(_h.Deleted("photos/p.png", t0.AddSeconds(1)), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Deleted, result.Outcome);
        Assert.Empty(_h.Index.Committed);
        Assert.DoesNotContain(_h.Objects.Keys, k => k.Bucket == "filesearch-thumbnails");
        var record = Assert.Single(_h.Metadata.Records);
        Assert.Equal(DocumentStatus.Deleted, record.Status);
        Assert.Empty(record.ThumbnailKeys);
    }

    [Fact]
    public async Task ProcessAsync_CreateOlderThanDelete_IsStale()
    {
        var processor = _h.CreateProcessor();
        var t0 = _h.Time.GetUtcNow();
        _h.PutText("a.txt", "content");
        await processor.ProcessAsync(_h.Deleted("a.txt", t0.AddMinutes(5)), CancellationToken.None);

        var result = await processor.ProcessAsync(_h.Created("a.txt", t0), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Stale, result.Outcome);
        Assert.Empty(_h.Index.Committed);
    }

    [Fact]
    public async Task ProcessAsync_DeleteOlderThanStored_IsStale()
    {
        var processor = _h.CreateProcessor();
        var t0 = _h.Time.GetUtcNow();
        _h.PutText("a.txt", "content");
        await processor.ProcessAsync(_h.Created("a.txt", t0), CancellationToken.None);

        var result = await processor.ProcessAsync(_h.Deleted("a.txt", t0.AddMinutes(-5)), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Stale, result.Outcome);
        Assert.Single(_h.Index.Committed);
    }

    [Fact]
    public async Task ProcessAsync_ZeroByteFile_PermanentEmptyFileAndFailedRecord()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "empty.pdf", []);

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("empty.pdf"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Permanent, result.Failure!.Kind);
        Assert.Equal("empty-file", result.Failure.Code);
        var record = Assert.Single(_h.Metadata.Records);
        Assert.Equal(DocumentStatus.Failed, record.Status);
        Assert.StartsWith("empty-file:", record.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task ProcessAsync_MissingObject_PermanentObjectNotFound()
    {
        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("nowhere.txt"), CancellationToken.None);

        Assert.Equal("object-not-found", result.Failure!.Code);
        Assert.Equal(FailureKind.Permanent, result.Failure.Kind);
    }

    [Fact]
    public async Task ProcessAsync_FileOverSizeLimit_PermanentFileTooLarge()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "big.txt", new byte[1_000_001]);

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("big.txt"), CancellationToken.None);

        Assert.Equal("file-too-large", result.Failure!.Code);
    }

    [Fact]
    public async Task ProcessAsync_RetryableExtractorFailure_ReturnsRetryableAndKeepsProcessingStatus()
    {
        _h.PutText("a.txt", "flaky");
        _h.Extractor.Failures["flaky"] = new TimeoutException("engine busy");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), CancellationToken.None);

        Assert.Equal(FailureKind.Retryable, result.Failure!.Kind);
        Assert.Equal(StageStatus.Failed, result.Stages.Single(s => s.Stage == "extract").Status);
        Assert.Equal(DocumentStatus.Processing, Assert.Single(_h.Metadata.Records).Status);
        Assert.Empty(_h.Index.Committed);
        Assert.Equal(0, _h.TempFolderCount());
    }

    [Fact]
    public async Task ProcessAsync_PermanentFailureOfNewVersion_RemovesOldVersionFromIndex()
    {
        var processor = _h.CreateProcessor();
        var t0 = _h.Time.GetUtcNow();
        _h.PutText("a.txt", "good");
        await processor.ProcessAsync(_h.Created("a.txt", t0), CancellationToken.None);
        _h.PutText("a.txt", "corrupt");
        _h.Extractor.Failures["corrupt"] = ProcessingException.Permanent("corrupt-pdf", "broken");

        await processor.ProcessAsync(_h.Created("a.txt", t0.AddMinutes(1)), CancellationToken.None);

        Assert.Empty(_h.Index.Committed);
        Assert.Equal(DocumentStatus.Failed, Assert.Single(_h.Metadata.Records).Status);
    }

    [Fact]
    public async Task ProcessAsync_TextOverCap_StoresTruncatedTextAndFlag()
    {
        _h.PutText("long.txt", new string('あ', 1500));

        await _h.CreateProcessor().ProcessAsync(_h.Created("long.txt"), CancellationToken.None);

        var record = Assert.Single(_h.Metadata.Records);
        Assert.True(record.Truncated);
        Assert.Equal(1500, record.TextLength);
        Assert.Equal(1000, record.Text!.Length);
        Assert.Equal(1000, Assert.Single(_h.Index.Committed).Text.Length);
    }

    [Fact]
    public async Task ProcessAsync_TextOverCap_SignatureOfTheStoredText()
    {
        // Computed beside the later stages, it must still be the signature of what the record stores (the first 1,000 chars).
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => $"第{i}回定例会議の議事録。"));
        _h.PutText("minutes.txt", text);

        await _h.CreateProcessor().ProcessAsync(_h.Created("minutes.txt"), CancellationToken.None);

        var record = Assert.Single(_h.Metadata.Records);
        Assert.True(record.Truncated);
        Assert.Equal(MinHashSignature.Compute(text[..1000])!.ToBase64(), record.TextSignature);
        Assert.NotEqual(MinHashSignature.Compute(text)!.ToBase64(), record.TextSignature);
    }

    [Fact]
    public async Task ProcessAsync_ThumbnailFails_DocumentStillIndexedAndStageDegraded()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "p.png", [1, 2, 3]);
        _h.Thumbnailer.Failure = new InvalidDataException("bad image");

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("p.png"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(StageStatus.Degraded, result.Stages.Single(s => s.Stage == "thumbnail").Status);
        Assert.Empty(Assert.Single(_h.Metadata.Records).ThumbnailKeys);
    }

    [Fact]
    public async Task ProcessAsync_Image_StoresThumbnailUnderDocumentId()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "p.png", [1, 2, 3]);
        var evt = _h.Created("p.png");

        var result = await _h.CreateProcessor().ProcessAsync(evt, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        var key = Assert.Single(Assert.Single(_h.Metadata.Records).ThumbnailKeys);
        Assert.Equal($"thumbnails/{evt.DocumentId}/256.webp", key);
        Assert.Contains(("filesearch-thumbnails", key), _h.Objects.Keys);
        Assert.Equal(StageStatus.Skipped, result.Stages.Single(s => s.Stage == "extract").Status);
    }

    [Fact]
    public async Task ProcessAsync_UnknownType_IndexedByNameOnly()
    {
        _h.Objects.Put(PipelineHarness.Bucket, "archive/data.bin", [0, 1, 2]);

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("archive/data.bin"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        var doc = Assert.Single(_h.Index.Committed);
        Assert.Equal("data.bin", doc.Name);
        Assert.Equal(string.Empty, doc.Text);
    }

    [Fact]
    public async Task ProcessAsync_Cancelled_ThrowsAndRemovesTempFolder()
    {
        _h.PutText("a.txt", "x");
        using var cts = new CancellationTokenSource();
        _h.Extractor.Gate = async ct =>
        {
            await cts.CancelAsync();
            ct.ThrowIfCancellationRequested();
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.CreateProcessor().ProcessAsync(_h.Created("a.txt"), cts.Token));

        Assert.Equal(0, _h.TempFolderCount());
    }

    [Theory]
    [InlineData("documents/契約.PDF", ".pdf")]
    [InlineData("../../etc/passwd", "")]
    [InlineData("a/b.tar.gz", ".gz")]
    [InlineData("x.verylongextension", "")]
    [InlineData("x.p%2fdf", "")]
    [InlineData("noext", "")]
    [InlineData("trailing.", "")]
    public void SafeExtension_Key_KeepsOnlyShortAlphanumericExtension(string key, string expected)
    {
        Assert.Equal(expected, FileSearch.Core.Pipeline.Stages.DownloadStage.SafeExtension(key));
    }
}
