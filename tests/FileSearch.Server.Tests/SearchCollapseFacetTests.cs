using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Server.Api;

namespace FileSearch.Server.Tests;

[Trait("Category", "Unit")]
public sealed class SearchCollapseFacetTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = new(2026, 2, 3, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CollapsedFacets_GroupAcrossTypesAndFolders_CountsTheGroupOnceUnderEachValue()
    {
        var (pdf, docx, copy, alone) = (Hit("/nas/見積/見積書.pdf", FileKind.Pdf, January), Hit("/nas/見積/見積書.docx", FileKind.Docx, February),
            Hit("/nas/控え/見積書.pdf", FileKind.Pdf, January), Hit("/nas/議事録/議事録.pdf", FileKind.Pdf, February));
        var group = new CollapseGroup([pdf.Id, docx.Id, copy.Id], null);
        var groups = new Dictionary<DocumentId, CollapseGroup> { [pdf.Id] = group, [docx.Id] = group, [copy.Id] = group };
        var index = Uncollapsed([pdf, docx, copy, alone]);

        var facets = SearchCollapse.CollapsedFacets([pdf, docx, copy, alone], index, groups, "/nas/");

        Assert.Equal([new("pdf", 2), new("docx", 1)], facets.Kinds);
        Assert.Equal([new("2026-02", 2), new("2026-01", 1)], facets.Months);
        Assert.Equal([new("/nas/控え", 1), new("/nas/見積", 1), new("/nas/議事録", 1)], facets.Folders);
    }

    [Fact]
    public void CollapsedFacets_MatchesBeyondTheWindow_CountOneEach()
    {
        var (a, b) = (Hit("/nas/写真/海辺.jpg", FileKind.Jpeg, January), Hit("/nas/写真/海辺_縮小.jpg", FileKind.Jpeg, January));
        var group = new CollapseGroup([a.Id, b.Id], null);
        var groups = new Dictionary<DocumentId, CollapseGroup> { [a.Id] = group, [b.Id] = group };
        // The index counted 5 jpg and 3 png matches; the window holds 2 of the jpg (one group), the rest lie beyond it.
        var index = new SearchFacets([new("jpg", 5), new("png", 3)], [new("2026-01", 8)], [new("/nas/写真", 8)]);

        var facets = SearchCollapse.CollapsedFacets([a, b], index, groups, "/nas/");

        Assert.Equal([new("jpg", 4), new("png", 3)], facets.Kinds);
        Assert.Equal([new("2026-01", 7)], facets.Months);
        Assert.Equal([new("/nas/写真", 7)], facets.Folders);
    }

    private static SearchHit Hit(string path, FileKind kind, DateTimeOffset modified) =>
        new(DocumentId.From("nas", path), 1f, Path.GetFileName(path), path, kind, 100, modified, []);

    private static SearchFacets Uncollapsed(IEnumerable<SearchHit> hits) => FacetRules.Count(
        hits.Select(h => new IndexDocument { Id = h.Id, Bucket = "nas", Key = h.Path, Name = h.Name, Path = h.Path, Kind = h.Kind, Modified = h.Modified }), "/nas/");
}
