using FileSearch.Core.Security;

namespace FileSearch.Core.Tests.Security;

[Trait("Category", "Unit")]
public sealed class DocumentPermissionsTests
{
    [Fact]
    public void Create_EntriesInAnyOrder_SortedDeduplicatedAndEqual()
    {
        var a = DocumentPermissions.Create(
            [new("user:bob", PermissionSource.Acl), new("group:sales", PermissionSource.Mode), new("user:bob", PermissionSource.Acl)],
            [new("user:eve", PermissionSource.Mode)]);
        var b = DocumentPermissions.Create(
            [new("group:sales", PermissionSource.Mode), new("User:bob", PermissionSource.Acl)],
            [new("user:eve", PermissionSource.Mode)]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(["group:sales", "user:bob"], a.AllowedPrincipals);
        Assert.Equal(a.ToJson(), b.ToJson());
    }

    [Fact]
    public void ToJson_SourcesAndSides_CompactDeterministicForm()
    {
        var permissions = DocumentPermissions.Create(
            [new("everyone", PermissionSource.Mode), new("group:営業部", PermissionSource.Acl), new("user:alice", PermissionSource.Mode)],
            [new("user:bob", PermissionSource.Ancestor)]);

        Assert.Equal("""{"allow":{"mode":["everyone","user:alice"],"acl":["group:営業部"]},"deny":{"ancestor":["user:bob"]}}""",
            System.Text.RegularExpressions.Regex.Unescape(permissions.ToJson()));
        Assert.Equal(permissions, DocumentPermissions.FromJson(permissions.ToJson()));
    }

    [Fact]
    public void FromJson_NullOrEmpty_NoInformationNotNobody()
    {
        Assert.Null(DocumentPermissions.FromJson(null));
        Assert.Null(DocumentPermissions.FromJson(""));
        Assert.Same(DocumentPermissions.Nobody, DocumentPermissions.FromJson("{}"));
        Assert.Equal("{}", DocumentPermissions.Nobody.ToJson());
    }

    [Fact]
    public void Read_PlainArrays_EventSource()
    {
        using var json = System.Text.Json.JsonDocument.Parse("""{"allow":["group:sales","sid:s-1-5-21-1"],"deny":["user:eve"]}""");

        var permissions = DocumentPermissions.Read(json.RootElement);

        Assert.All(permissions.Allow.Concat(permissions.Deny), e => Assert.Equal(PermissionSource.Event, e.Source));
        Assert.Equal(["group:sales", "sid:S-1-5-21-1"], permissions.AllowedPrincipals);
    }

    [Theory]
    [InlineData("""{"allow":["nokind"]}""")]
    [InlineData("""{"allow":{"magic":["user:a"]}}""")]
    [InlineData("""{"allow":"user:a"}""")]
    [InlineData("""{"grant":["user:a"]}""")]
    public void Read_Malformed_FormatException(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);

        Assert.Throws<FormatException>(() => DocumentPermissions.Read(document.RootElement));
    }

    [Theory]
    [InlineData(new[] { "user:alice" }, true)]
    [InlineData(new[] { "user:carol", "group:sales" }, true)]
    [InlineData(new[] { "user:eve", "group:sales" }, false)]
    [InlineData(new[] { "user:dave" }, false)]
    [InlineData(new string[0], false)]
    public void Allows_CallerPrincipals_DenyWins(string[] caller, bool expected)
    {
        var permissions = DocumentPermissions.Create(
            [new("user:alice", PermissionSource.Mode), new("group:sales", PermissionSource.Mode)],
            [new("user:eve", PermissionSource.Mode)]);

        Assert.Equal(expected, permissions.Allows(caller));
    }

    [Fact]
    public void Allows_EveryoneAllowed_AnyCallerButTheDenied()
    {
        var permissions = DocumentPermissions.Create([new("everyone", PermissionSource.Mode)], [new("group:interns", PermissionSource.Mode)]);

        Assert.True(permissions.Allows([]));
        Assert.False(permissions.Allows(["user:x", "group:interns"]));
        Assert.False(DocumentPermissions.Nobody.Allows(["user:x"]));
    }

    [Theory]
    [InlineData(" User:alice ", "user:alice")]
    [InlineData("EVERYONE", "everyone")]
    [InlineData("sid:s-1-5-21-9", "sid:S-1-5-21-9")]
    [InlineData("group:営業部", "group:営業部")]
    public void TryNormalize_Variants_Canonical(string text, string expected)
    {
        Assert.True(Principal.TryNormalize(text, out var principal));
        Assert.Equal(expected, principal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("user:")]
    [InlineData(":alice")]
    [InlineData("us er:alice")]
    public void TryNormalize_NotAPrincipal_False(string text) => Assert.False(Principal.TryNormalize(text, out _));
}
