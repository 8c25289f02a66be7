using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>Query-time permissions: hits, totals, facets and suggestions hold only what the caller may read.</summary>
public abstract partial class SearchIndexConformanceTests
{
    private static readonly Visibility Alice = new(["everyone", "group:営業部", "user:alice"]);
    private static readonly Visibility Bob = new(["everyone", "group:営業部", "user:bob"]);
    private static readonly Visibility Carol = new(["everyone", "user:carol"]);

    private static IndexDocument Guarded(string key, string text, DocumentPermissions? permissions) =>
        Create(key, text) with { Permissions = permissions };

    /// <summary>Four contracts: the sales group's but not bob's, everyone's, alice's alone, and one with no permission information.</summary>
    private Task IndexGuardedAsync() => IndexAndCommitAsync(
        Guarded("営業/契約_営業部.txt", "契約 営業部 限定",
            DocumentPermissions.Create([new("group:営業部", PermissionSource.Acl)], [new("user:bob", PermissionSource.Mode)])),
        Guarded("共有/契約_全員.txt", "契約 全員 公開", DocumentPermissions.Allowing(PermissionSource.Mode, "everyone")),
        Guarded("個人/契約_alice.txt", "契約 個人 alice", DocumentPermissions.Allowing(PermissionSource.Mode, "user:alice")),
        Guarded("不明/契約_不明.txt", "契約 権限情報なし", null));

    private async Task<List<string>> VisibleKeysAsync(Visibility? visibility, string text = "契約")
    {
        var results = await SearchAsync(new SearchQuery(text, Limit: 50) { Visibility = visibility, IncludeFacets = true });
        Assert.Equal(results.TotalHits, results.Hits.Count);
        Assert.Equal(results.TotalHits, results.Facets!.Kinds.Sum(k => k.Count));
        return [.. results.Hits.Select(h => h.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task SearchAsync_Visibility_OnlyAllowedAndNotDeniedDocuments()
    {
        await IndexGuardedAsync();

        Assert.Equal(["契約_alice.txt", "契約_全員.txt", "契約_営業部.txt"], await VisibleKeysAsync(Alice));
        Assert.Equal(["契約_全員.txt"], await VisibleKeysAsync(Bob));
        Assert.Equal(["契約_全員.txt"], await VisibleKeysAsync(Carol));
        Assert.Equal(["契約_alice.txt", "契約_不明.txt", "契約_全員.txt", "契約_営業部.txt"], await VisibleKeysAsync(null));
    }

    [Fact]
    public async Task SearchAsync_NoPrincipals_SeesNothing()
    {
        await IndexGuardedAsync();

        Assert.Empty(await VisibleKeysAsync(new Visibility([])));
        Assert.Empty(await VisibleKeysAsync(new Visibility([]), text: string.Empty));
    }

    [Fact]
    public async Task SuggestAsync_Visibility_NamesAndCountsOfVisibleDocumentsOnly()
    {
        await IndexGuardedAsync();

        var bob = await Index.SuggestAsync("契約", 20, Bob, Ct);
        var admin = await Index.SuggestAsync("契約", 20, null, Ct);

        Assert.Equal(["契約_全員.txt"], bob.Where(s => s.Source == SuggestionSource.Name).Select(s => s.Text));
        Assert.Equal(4, admin.Count(s => s.Source == SuggestionSource.Name));
        Assert.DoesNotContain(bob, s => s.Text.Contains("限定", StringComparison.Ordinal) || s.Text.Contains("alice", StringComparison.Ordinal));
        Assert.All(bob.Where(s => s.Source == SuggestionSource.Term), s => Assert.Equal(1, s.Documents));
    }
}
