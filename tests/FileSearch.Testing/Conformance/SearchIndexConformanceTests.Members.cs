using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>Archive members and mail attachments: entries of their own that name the file holding them.</summary>
public abstract partial class SearchIndexConformanceTests
{
    [Fact]
    public async Task SearchAsync_MemberEntry_HitCarriesParentIdAndMemberPath()
    {
        var parent = Create("営業/2019_見積.zip", string.Empty, FileKind.Zip, name: "2019_見積.zip");
        var member = Create("営業/2019_見積.zip", "御見積書 ネットワーク更改工事", name: "2019_見積.zip › 見積/見積書.txt") with
        {
            Id = DocumentId.ForMember(parent.Id, "見積/見積書.txt"),
            ParentId = parent.Id,
            MemberPath = "見積/見積書.txt",
        };
        await IndexAndCommitAsync(parent, member);

        var hit = Assert.Single((await Index.SearchAsync(new SearchQuery("ネットワーク更改"), Ct)).Hits);
        var own = Assert.Single((await Index.SearchAsync(new SearchQuery(string.Empty) { Kind = "zip" }, Ct)).Hits);

        Assert.Equal((member.Id, parent.Id, "見積/見積書.txt", "2019_見積.zip › 見積/見積書.txt"), (hit.Id, hit.ParentId, hit.MemberPath, hit.Name));
        Assert.Equal((parent.Id, (DocumentId?)null, (string?)null), (own.Id, own.ParentId, own.MemberPath));
    }
}
