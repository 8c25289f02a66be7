using CsCheck;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// Generated trees of documents with random allow and deny entries (or none), searched by random callers: the hits are
/// exactly the documents <see cref="AccessDecision"/> lets the caller read, and totals and every facet count are those of
/// that subset.
/// </summary>
public abstract partial class SearchIndexConformanceTests
{
    private static readonly string[] PrincipalPool =
        ["everyone", "user:u0", "user:u1", "user:u2", "user:田中", "group:g0", "group:g1", "group:営業部", "gid:4242", "sid:S-1-5-21-7-1104"];

    private static readonly string[] FolderPool = ["営業", "経理/2024", "経理/2023", "人事"];
    private static readonly FileKind[] KindPool = [FileKind.Text, FileKind.Pdf, FileKind.Docx, FileKind.Png];

    private static readonly Gen<DocumentPermissions?> PermissionsGen = Gen.Frequency(
        (1, Gen.Const((DocumentPermissions?)null)),
        (6, Gen.Select(
            Gen.Int[0, PrincipalPool.Length - 1].Array[0, 3],
            Gen.Int[0, PrincipalPool.Length - 1].Array[0, 2],
            (allow, deny) => (DocumentPermissions?)DocumentPermissions.Create(
                [.. allow.Select(i => new PermissionEntry(PrincipalPool[i], PermissionSource.Acl))],
                [.. deny.Select(i => new PermissionEntry(PrincipalPool[i], PermissionSource.Acl))]))));

    private static readonly Gen<GeneratedDocument> DocumentGen = Gen.Select(
        PermissionsGen, Gen.Int[0, FolderPool.Length - 1], Gen.Int[0, KindPool.Length - 1], Gen.Int[1, 3], Gen.Bool,
        (permissions, folder, kind, month, contract) => new GeneratedDocument(permissions, FolderPool[folder], KindPool[kind], month, contract));

    /// <summary>A caller: a user, some groups, and <c>everyone</c> (as <see cref="Visibility.Of"/> builds it).</summary>
    private static readonly Gen<string[]> CallerGen = Gen.Select(
        Gen.Int[1, 4], Gen.Int[5, PrincipalPool.Length - 1].Array[0, 3],
        (user, groups) => new[] { "everyone", PrincipalPool[user] }.Concat(groups.Select(g => PrincipalPool[g])).Distinct().ToArray());

    private int _generatedTree;

    [Fact]
    public async Task SearchAsync_GeneratedPermissionsAndCallers_ExactlyTheReadableSubsetInHitsTotalsAndFacets()
    {
        var gen = Gen.Select(DocumentGen.Array[1, 24], CallerGen.Array[1, 6]);
        await gen.SampleAsync(async (documents, callers) =>
        {
            var tree = $"/nas/share/t{Interlocked.Increment(ref _generatedTree):D5}";
            var indexed = documents.Select((d, i) => (Document: d, Index: ToIndexDocument(tree, i, d))).ToList();
            await IndexAndCommitAsync([.. indexed.Select(x => x.Index)]);

            foreach (var principals in callers.Select(c => (IReadOnlyList<string>?)c).Append(null))
            {
                var visible = indexed
                    .Where(x => principals is null || AccessDecision.For(x.Document.Permissions, [.. principals], isAdmin: false).Allowed)
                    .ToList();
                var visibility = principals is null ? null : new Visibility(principals);
                foreach (var text in new[] { string.Empty, "契約" })
                {
                    var expected = visible.Where(x => text.Length == 0 || x.Document.Contract).Select(x => x.Index).ToList();
                    var results = await SearchAsync(new SearchQuery(text, Limit: 100) { PathPrefix = tree + "/", Visibility = visibility, IncludeFacets = true });
                    var who = principals is null ? "admin" : string.Join(",", principals);

                    Assert.True(
                        expected.Select(d => d.Path).Order(StringComparer.Ordinal).SequenceEqual(results.Hits.Select(h => h.Path).Order(StringComparer.Ordinal)),
                        $"{who} searching '{text}': expected [{string.Join(", ", expected.Select(d => d.Path))}], got [{string.Join(", ", results.Hits.Select(h => h.Path))}]");
                    Assert.Equal(expected.Count, results.TotalHits);
                    Assert.Equal(Counted(expected, d => d.Kind.ShortName()), Counted(results.Facets!.Kinds));
                    Assert.Equal(Counted(expected, d => d.Modified!.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)), Counted(results.Facets.Months));
                    Assert.Equal(Counted(expected, d => tree + "/" + d.Key.Split('/')[1]), Counted(results.Facets.Folders));
                }
            }
        }, iter: 25, threads: 1, print: x => $"{x.Item1.Length} documents, callers [{string.Join("; ", x.Item2.Select(c => string.Join(",", c)))}]");
    }

    private static IndexDocument ToIndexDocument(string tree, int i, GeneratedDocument d)
    {
        var key = $"{tree["/nas/share/".Length..]}/{d.Folder}/文書{i:D2}.{d.Kind.ShortName()}";
        return Create(key, d.Contract ? $"契約 第{i}号" : $"議事録 第{i}号", d.Kind,
            modified: new DateTimeOffset(2024, d.Month, 15, 3, 0, 0, TimeSpan.Zero)) with
        { Permissions = d.Permissions };
    }

    private static List<(string, long)> Counted(IEnumerable<IndexDocument> documents, Func<IndexDocument, string> value) =>
        [.. documents.GroupBy(value).Select(g => (g.Key, (long)g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static List<(string, long)> Counted(IEnumerable<FacetCount> counts) =>
        [.. counts.Select(c => (c.Value, c.Count)).OrderBy(c => c.Item1, StringComparer.Ordinal)];

    private sealed record GeneratedDocument(DocumentPermissions? Permissions, string Folder, FileKind Kind, int Month, bool Contract);
}
