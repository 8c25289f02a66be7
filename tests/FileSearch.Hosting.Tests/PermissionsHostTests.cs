using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Hosting.Tests;

/// <summary>What the host wires for permissions: the POSIX source, path rules and aliases, and the private data directory.</summary>
[Trait("Category", "Unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PermissionsHostTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TempDirectory _temp = new("fs-hosting-perms");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CreateBuilder_PermissionsSection_RulesAndAliasesBound()
    {
        File.WriteAllText(_temp.Combine("appsettings.json"), """
            {"Permissions": {
              "Rules": [{"Path": "/nas/経理", "Allow": ["group:経理部"], "Deny": ["group:interns"]}],
              "Aliases": [{"From": "sid:S-1-5-21-1-2-3-1104", "To": "group:営業部"}]}}
            """);
        using var host = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning).Build();

        var resolver = host.Services.GetRequiredService<PermissionResolver>();
        var permissions = resolver.Resolve("/nas/経理/2025/a.pdf", DocumentPermissions.Allowing(PermissionSource.Event, "sid:S-1-5-21-1-2-3-1104"))!;

        Assert.Equal(["group:営業部", "group:経理部"], permissions.AllowedPrincipals);
        Assert.Equal(["group:interns"], permissions.DeniedPrincipals);
        Assert.IsType<PosixPermissionSource>(host.Services.GetRequiredService<IPermissionSource>());
    }

    [Fact]
    public async Task StartAsync_RuleWithMalformedPrincipal_ThrowsOptionsValidationException()
    {
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Path, Verbose: false), LogLevel.Warning);
        builder.Configuration["Permissions:Rules:0:Path"] = "/nas";
        builder.Configuration["Permissions:Rules:0:Allow:0"] = "sales";
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.Contains("'sales' is not a principal", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateBuilder_MissingDataDirectory_CreatedPrivateAndNewFilesPrivate()
    {
        var data = _temp.Combine("new", "data");

        FileSearchHost.CreateBuilder(new CliContext(data, Verbose: false), LogLevel.Warning);
        File.WriteAllText(Path.Combine(data, "probe"), "x");

        Assert.Equal(Private, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "probe")));
    }

    [Theory]
    [InlineData(0b111_101_101, false)]
    [InlineData(0b111_101_000, false)]
    [InlineData(0b111_000_001, false)]
    [InlineData(0b111_101_101, true)]
    public void CreateBuilder_DataDirectoryOpenToOthers_Refused(int mode, bool allowGroup)
    {
        var data = Directory.CreateDirectory(_temp.Combine("data")).FullName;
        File.SetUnixFileMode(data, (UnixFileMode)mode);
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{"DataDirectory": {"AllowGroupAccess": """ + (allowGroup ? "true" : "false") + "}}");

        var ex = Assert.Throws<DataDirectoryNotPrivateException>(() => FileSearchHost.CreateBuilder(new CliContext(data, Verbose: false), LogLevel.Warning));

        Assert.StartsWith($"data directory {data} is accessible by", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void CreateBuilder_GroupAccessAllowed_ServiceGroupDirectoryAccepted()
    {
        var data = Directory.CreateDirectory(_temp.Combine("data")).FullName;
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_000);
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{"DataDirectory": {"AllowGroupAccess": true}}""");

        FileSearchHost.CreateBuilder(new CliContext(data, Verbose: false), LogLevel.Warning);
        File.WriteAllText(Path.Combine(data, "probe"), "x");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Path.Combine(data, "probe")));
    }
}
