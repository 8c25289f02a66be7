using FileSearch.Core.Security;
using FileSearch.Search.Lucene.Internals;

namespace FileSearch.Search.Lucene.Tests.Internals;

[Trait("Category", "Unit")]
public sealed class VisibilityFilterCacheTests
{
    private static Visibility Of(params string[] principals) => new(principals);

    [Fact]
    public void For_SamePrincipalsInAnyOrder_OneCachedFilter()
    {
        var cache = new VisibilityFilterCache(capacity: 4);

        var first = cache.For(Of("everyone", "user:alice", "group:営業部"));
        var again = cache.For(Of("group:営業部", "user:alice", "everyone", "user:alice"));
        var other = cache.For(Of("everyone", "user:bob"));

        Assert.Same(first, again);
        Assert.NotSame(first, other);
    }

    [Fact]
    public void For_MoreCallersThanCapacity_LeastRecentlyUsedRebuilt()
    {
        var cache = new VisibilityFilterCache(capacity: 2);
        var alice = cache.For(Of("user:alice"));
        var bob = cache.For(Of("user:bob"));

        Assert.Same(alice, cache.For(Of("user:alice")));
        cache.For(Of("user:carol"));

        Assert.Same(alice, cache.For(Of("user:alice")));
        Assert.NotSame(bob, cache.For(Of("user:bob")));
    }

    [Fact]
    public void For_CapacityZero_NewUncachedFilterEachTime()
    {
        var cache = new VisibilityFilterCache(capacity: 0);

        var first = cache.For(Of("user:alice"));

        Assert.IsType<VisibilityFilter>(first);
        Assert.NotSame(first, cache.For(Of("user:alice")));
        Assert.Equal(first, cache.For(Of("user:alice")));
    }
}
