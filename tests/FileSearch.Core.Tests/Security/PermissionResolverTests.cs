using FileSearch.Core.Security;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Tests.Security;

[Trait("Category", "Unit")]
public sealed class PermissionResolverTests
{
    private static readonly DocumentPermissions FromAcl = DocumentPermissions.Allowing(PermissionSource.Acl, "user:alice");

    [Fact]
    public void Resolve_NoRuleMatches_SourceAsItIs()
    {
        var resolver = Resolver(new PathPermissionRule { Path = "/nas/hr", Allow = { "group:hr" } });

        Assert.Equal(FromAcl, resolver.Resolve("/nas/hrx/a.txt", FromAcl));
        Assert.Null(resolver.Resolve("/nas/sales/a.txt", null));
    }

    [Fact]
    public void Resolve_NestedRules_AddedShortestFirstReplaceDiscards()
    {
        var resolver = Resolver(
            new PathPermissionRule { Path = "/nas/hr/payroll/", Deny = { "group:hr-interns" } },
            new PathPermissionRule { Path = "/nas/hr", Allow = { "group:hr" }, Replace = true });

        var permissions = resolver.Resolve("/nas/hr/payroll/2025.xlsx", FromAcl)!;

        Assert.Equal([new PermissionEntry("group:hr", PermissionSource.PathRule)], permissions.Allow);
        Assert.Equal([new PermissionEntry("group:hr-interns", PermissionSource.PathRule)], permissions.Deny);
    }

    [Fact]
    public void Resolve_NoSourceButRule_RuleAlone()
    {
        var resolver = Resolver(new PathPermissionRule { Path = "/", Allow = { "everyone" } });

        Assert.Equal(DocumentPermissions.Allowing(PermissionSource.PathRule, "everyone"), resolver.Resolve("/nas/a.txt", null));
    }

    [Fact]
    public void Resolve_Alias_ReplacesPrincipalKeepsSource()
    {
        var options = new PermissionOptions();
        options.Aliases.Add(new PrincipalAlias { From = "uid:1104", To = "user:tanaka" });

        var permissions = new PermissionResolver(Options.Create(options)).Resolve("/a", DocumentPermissions.Create([], [new("uid:1104", PermissionSource.Mode)]))!;

        Assert.Equal([new PermissionEntry("user:tanaka", PermissionSource.Mode)], permissions.Deny);
    }

    [Fact]
    public void Validate_BadRulesAndAliasChains_EveryProblemListed()
    {
        var options = new PermissionOptions();
        options.Rules.Add(new PathPermissionRule { Path = "", Allow = { "sales" } });
        options.Rules.Add(new PathPermissionRule { Path = "/x" });
        options.Aliases.Add(new PrincipalAlias { From = "user:a", To = "user:b" });
        options.Aliases.Add(new PrincipalAlias { From = "user:b", To = "user:c" });

        var result = new PermissionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }

    private static PermissionResolver Resolver(params PathPermissionRule[] rules)
    {
        var options = new PermissionOptions();
        foreach (var rule in rules)
        {
            options.Rules.Add(rule);
        }

        return new PermissionResolver(Options.Create(options));
    }
}
