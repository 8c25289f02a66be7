using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Core.Tests.Pipeline.Stages;

/// <summary>Members of containers become documents of their own, follow the file's versions and go with it.</summary>
[Trait("Category", "Unit")]
public sealed class ChildDocumentsStageTests : IDisposable
{
    private static readonly DocumentPermissions Sales = DocumentPermissions.Allowing(PermissionSource.Mode, "group:sales");
    private static readonly DocumentPermissions AliceOnly = DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice");

    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ProcessAsync_Archive_EachMemberIndexedAsChildOfTheFile()
    {
        _h.PutText("営業/2019_見積.zip", "見積/見積書.txt=見積書|合計 1,280,000円\n請求書.txt=請求書 第12号");

        var result = await Process("営業/2019_見積.zip", Sales);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        var parent = result.Event.DocumentId;
        var children = _h.Index.Committed.Where(d => d.ParentId == parent).OrderBy(d => d.MemberPath, StringComparer.Ordinal).ToList();
        Assert.Equal(["請求書.txt", "見積/見積書.txt"], children.Select(c => c.MemberPath).Order(StringComparer.Ordinal).Reverse());
        var quote = children.Single(c => c.MemberPath == "見積/見積書.txt");
        Assert.Equal(DocumentId.ForMember(parent, "見積/見積書.txt"), quote.Id);
        Assert.Equal("2019_見積.zip › 見積/見積書.txt", quote.Name);
        Assert.Equal("営業/2019_見積.zip", quote.Path);
        Assert.Equal("見積書合計 1,280,000円", quote.Text); // the index copy: Japanese wrapped at a line end joined again
        Assert.Equal(FileKind.Text, quote.Kind);
        Assert.All(children, c => Assert.Equal(Sales, c.Permissions));
        Assert.All(children, c => Assert.Equal(result.Event.Version, c.Version));
        var record = await _h.Metadata.GetAsync(parent, CancellationToken.None);
        Assert.Equal(children.Select(c => c.Id.Value).Order(StringComparer.Ordinal), record!.ChildIds.Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.Contains(result.Stages, s => s is { Stage: "members", Status: StageStatus.Succeeded });
    }

    [Fact]
    public async Task ProcessAsync_SameEventTwice_OneSetOfChildren()
    {
        _h.PutText("a.zip", "a.txt=一\nb.txt=二");
        var processor = _h.CreateProcessor();
        var evt = _h.Created("a.zip");

        await processor.ProcessAsync(evt, CancellationToken.None);
        await _h.Metadata.PutAsync((await _h.Metadata.GetAsync(evt.DocumentId, CancellationToken.None))! with { Status = DocumentStatus.Processing }, CancellationToken.None);
        await processor.ProcessAsync(evt, CancellationToken.None);

        Assert.Equal(3, _h.Index.Committed.Count);
        Assert.Equal(2, (await _h.Metadata.GetAsync(evt.DocumentId, CancellationToken.None))!.ChildIds.Count);
    }

    [Fact]
    public async Task ProcessAsync_ChangedArchive_MembersNoLongerThereRemoved()
    {
        _h.PutText("a.zip", "a.txt=旧版\nb.txt=削除される");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(_h.Created("a.zip"), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.PutText("a.zip", "a.txt=新版\nc.txt=追加");

        var result = await processor.ProcessAsync(_h.Created("a.zip"), CancellationToken.None);

        var members = _h.Index.Committed.Where(d => d.ParentId is not null).ToDictionary(d => d.MemberPath!, d => d.Text);
        Assert.Equal(new Dictionary<string, string> { ["a.txt"] = "新版", ["c.txt"] = "追加" }, members);
        Assert.Equal(2, (await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None))!.ChildIds.Count);
    }

    [Fact]
    public async Task ProcessAsync_DeletedArchive_ChildrenRemovedAndDeleteIsIdempotent()
    {
        _h.PutText("a.zip", "a.txt=一\nb.txt=二");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(_h.Created("a.zip"), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var delete = _h.Deleted("a.zip");

        var first = await processor.ProcessAsync(delete, CancellationToken.None);
        var second = await processor.ProcessAsync(delete, CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Deleted, first.Outcome);
        Assert.Equal(ProcessingOutcome.Deleted, second.Outcome);
        Assert.Empty(_h.Index.Committed);
        var record = await _h.Metadata.GetAsync(delete.DocumentId, CancellationToken.None);
        Assert.Equal(DocumentStatus.Deleted, record!.Status);
        Assert.Empty(record.ChildIds);
    }

    [Fact]
    public async Task ProcessAsync_FileNoLongerAnArchive_ChildrenRemoved()
    {
        _h.PutText("a.zip", "a.txt=一");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(_h.Created("a.zip"), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _h.Containers.Broken = true;

        var result = await processor.ProcessAsync(_h.Created("a.zip"), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Failed, result.Outcome);
        Assert.Equal("corrupt-archive", result.Failure!.Code);
        Assert.Empty(_h.Index.Committed);
        Assert.Empty((await _h.Metadata.GetAsync(result.Event.DocumentId, CancellationToken.None))!.ChildIds);
    }

    [Fact]
    public async Task ProcessAsync_MemberExtractionFailsPermanently_MemberByNameOthersIndexedFileIndexed()
    {
        _h.PutText("a.zip", "bad.txt=壊れた\ngood.txt=正常な議事録");
        _h.Extractor.Failures["壊れた"] = ProcessingException.Permanent("corrupt-text", "damaged");

        var result = await Process("a.zip", Sales);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        var members = _h.Index.Committed.Where(d => d.ParentId is not null).ToDictionary(d => d.MemberPath!, d => d.Text);
        Assert.Equal(new Dictionary<string, string> { ["bad.txt"] = string.Empty, ["good.txt"] = "正常な議事録" }, members);
        var stage = Assert.Single(result.Stages, s => s.Stage == "members");
        Assert.Equal(StageStatus.Degraded, stage.Status);
        Assert.Contains("corrupt-text: bad.txt", stage.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_NestedArchives_ReadToTheDepthLimit()
    {
        // outer.zip › l2.zip › l3.zip: with a limit of 2 levels, l3.zip is indexed by name, its member is not read.
        _h.PutText("outer.zip", "l2.zip=l3.zip~x.txt~最深部|y.txt~二段目の見積\nz.txt=一段目");
        var options = _h.PipelineOptions.Value;
        options.MaxContainerDepth = 2;

        var result = await Process("outer.zip", Sales);

        var members = _h.Index.Committed.Where(d => d.ParentId is not null).ToDictionary(d => d.MemberPath!, d => d.Name);
        Assert.Equal(["l2.zip", "l2.zip › l3.zip", "l2.zip › y.txt", "z.txt"], members.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("outer.zip › l2.zip › y.txt", members["l2.zip › y.txt"]);
        Assert.Contains("too-deep: l2.zip › l3.zip", Assert.Single(result.Stages, s => s.Stage == "members").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_MoreMembersThanTheBudget_RestLeftOutWithReason()
    {
        _h.PutText("a.zip", string.Join('\n', Enumerable.Range(1, 8).Select(i => $"m{i}.txt=資料{i}")));
        _h.PipelineOptions.Value.MaxChildDocuments = 5;

        var result = await Process("a.zip", Sales);

        Assert.Equal(5, _h.Index.Committed.Count(d => d.ParentId is not null));
        Assert.Contains("too-many-members", Assert.Single(result.Stages, s => s.Stage == "members").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_PermissionsChangeOnArchive_ChildrenTakeTheNewPermissions()
    {
        _h.PutText("a.zip", "a.txt=見積");
        var processor = _h.CreateProcessor();
        await processor.ProcessAsync(Event("a.zip", Sales), CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await processor.ProcessAsync(Event("a.zip", AliceOnly), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Indexed, result.Outcome);
        Assert.All(_h.Index.Committed, d => Assert.Equal(AliceOnly, d.Permissions));
        Assert.Equal(2, _h.Index.Committed.Count);
    }

    [Fact]
    public void ForMember_SameInputs_SameIdOtherPathOtherId()
    {
        var parent = DocumentId.From("raw-files", "a.zip");

        Assert.Equal(DocumentId.ForMember(parent, "見積書.xlsx"), DocumentId.ForMember(parent, "見積書.xlsx"));
        Assert.NotEqual(DocumentId.ForMember(parent, "見積書.xlsx"), DocumentId.ForMember(parent, "見積書2.xlsx"));
        Assert.NotEqual(DocumentId.ForMember(parent, "見積書.xlsx"), DocumentId.ForMember(DocumentId.From("raw-files", "b.zip"), "見積書.xlsx"));
        Assert.True(DocumentId.TryParse(DocumentId.ForMember(parent, "x").Value, out _));
    }

    private Task<ProcessingResult> Process(string key, DocumentPermissions acl) =>
        _h.CreateProcessor().ProcessAsync(Event(key, acl), CancellationToken.None);

    private FileEvent Event(string key, DocumentPermissions? acl) => _h.CreatedWithAcl(key, acl);
}
