using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;

namespace FileSearch.Core.Tests.Pipeline.Stages;

/// <summary>
/// Members are listed on their file's PROCESSING record in batches before they are written: how many list writes a
/// container costs, the list held within <c>Pipeline:MaxChildDocuments</c> while a changed version is read, and an attempt
/// whose record another version took meanwhile.
/// </summary>
[Trait("Category", "Unit")]
public sealed class MemberWriteAheadTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData(3, 1)]
    [InlineData(100, 4)]
    [InlineData(1000, 14)]
    public async Task ProcessAsync_ManyMembers_ListedInBatchesThatGrowWithTheList(int members, int listWrites)
    {
        _h.PipelineOptions.Value.MaxChildDocuments = 10_000;
        _h.PutText("a.zip", Members("m", members));

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.zip"), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.Equal(members, (await _h.Metadata.GetAsync(result.Event.DocumentId, Ct))!.ChildIds.Count);
        Assert.Equal(members, _h.Metadata.Records.Count(r => r.ParentId == result.Event.DocumentId));
        Assert.Equal(listWrites, _h.Metadata.ChildIdWrites);
    }

    [Fact]
    public async Task ProcessAsync_ChangedVersionWithOtherMembers_ListNeverPastTheLimitAndOnlyTheNewMembersLeft()
    {
        _h.PipelineOptions.Value.MaxChildDocuments = 8;
        _h.PipelineOptions.Value.MemberWriteBatch = 2;
        _h.PutText("a.zip", Members("旧", 6));
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(_h.Created("a.zip"), Ct);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.PutText("a.zip", Members("新", 6));

        var result = await processor.ProcessAsync(_h.Created("a.zip"), Ct);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.InRange(_h.Metadata.LongestChildIdList, 6, 8);
        var file = (await _h.Metadata.GetAsync(result.Event.DocumentId, Ct))!;
        string[] expected = ["新1.txt", "新2.txt", "新3.txt", "新4.txt", "新5.txt", "新6.txt"];
        Assert.Equal(expected, file.ChildIds.Select(id => _h.Metadata.GetAsync(id, Ct).Result!.MemberPath));
        Assert.Equal(expected, _h.Metadata.Records.Where(r => r.ParentId == file.Id).Select(r => r.MemberPath!).Order(StringComparer.Ordinal));
        Assert.Equal(expected, _h.Index.Committed.Where(d => d.ParentId == file.Id).Select(d => d.MemberPath!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_FileDeletedWhileItsMembersAreRead_SupersededRetryableAndNoMemberLeft()
    {
        _h.PipelineOptions.Value.MemberWriteBatch = 2;
        _h.PutText("a.zip", Members("m", 4));
        var read = 0;
        _h.Extractor.Gate = async ct =>
        {
            if (++read == 3)
            {
                // Another worker takes the deletion while this one is reading the third member.
                _h.Time.Advance(TimeSpan.FromMinutes(1));
                await _h.CreateProcessor().ProcessAsync(_h.Deleted("a.zip"), ct);
            }
        };

        var result = await _h.CreateProcessor().ProcessAsync(_h.Created("a.zip"), Ct);

        Assert.Equal(("superseded", FailureKind.Retryable), (result.Failure?.Code, result.Failure?.Kind));
        Assert.Equal(DocumentStatus.Deleted, (await _h.Metadata.GetAsync(result.Event.DocumentId, Ct))!.Status);
        await _h.Index.CommitAsync(Ct);
        Assert.DoesNotContain(_h.Metadata.Records, r => r.ParentId == result.Event.DocumentId);
        Assert.DoesNotContain(_h.Index.Committed, d => d.ParentId == result.Event.DocumentId);
    }

    private static string Members(string prefix, int count) =>
        string.Join('\n', Enumerable.Range(1, count).Select(i => $"{prefix}{i}.txt={prefix} 資料 {i}"));
}
