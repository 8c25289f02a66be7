using System.Diagnostics;
using FileSearch.Testing;
using FileSearch.Testing.StandIns;

namespace FileSearch.Cli.Tests.Commands;

/// <summary>scripts/allocator.sh, which the ./filesearch and ./filesearch-bench launchers source: which allocator the program runs on.</summary>
[Trait("Category", "Unit")]
public sealed class AllocatorScriptTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-alloc");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SelectAllocator_JemallocInstalled_PreloadedWithPageBufferReuse()
    {
        var library = InstallFakeJemalloc();

        var env = await SelectAsync(new() { ["LD_PRELOAD"] = "/opt/other.so" });

        Assert.Equal($"{library}:/opt/other.so", env["LD_PRELOAD"]);
        Assert.Equal("oversize_threshold:0,background_thread:true", env["MALLOC_CONF"]);
        Assert.False(env.ContainsKey("MALLOC_ARENA_MAX"));
    }

    [Fact]
    public async Task SelectAllocator_OperatorsMallocConf_KeptAsSet()
    {
        InstallFakeJemalloc();

        var env = await SelectAsync(new() { ["MALLOC_CONF"] = "narenas:4" });

        Assert.Equal("narenas:4", env["MALLOC_CONF"]);
    }

    [Fact]
    public async Task SelectAllocator_GlibcAsked_TwoArenasNoPreload()
    {
        InstallFakeJemalloc();

        var env = await SelectAsync(new() { ["FILESEARCH_ALLOCATOR"] = "glibc" });

        Assert.Equal("2", env["MALLOC_ARENA_MAX"]);
        Assert.False(env.ContainsKey("LD_PRELOAD"));
        Assert.False(env.ContainsKey("MALLOC_CONF"));
    }

    [Fact]
    public async Task SelectAllocator_JemallocMissing_GlibcWithTwoArenas()
    {
        var env = await SelectAsync([]);

        Assert.Equal("2", env["MALLOC_ARENA_MAX"]);
        Assert.False(env.ContainsKey("LD_PRELOAD"));
    }

    private string InstallFakeJemalloc()
    {
        var library = _temp.Combine("lib", "libjemalloc.so.2");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllBytes(library, []);
        return library;
    }

    /// <summary>Sources the script in a clean bash with <paramref name="variables"/>, runs select_allocator, returns the allocator variables.</summary>
    private async Task<Dictionary<string, string>> SelectAsync(Dictionary<string, string> variables)
    {
        var script = Path.GetFullPath(Path.Combine(AwsStandIns.Directory, "..", "..", "scripts", "allocator.sh"));
        var start = new ProcessStartInfo("bash", ["-c", $"source '{script}' && select_allocator && env"])
        {
            RedirectStandardOutput = true,
        };
        foreach (var name in new[] { "LD_PRELOAD", "MALLOC_CONF", "MALLOC_ARENA_MAX", "FILESEARCH_ALLOCATOR" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["FILESEARCH_LIBDIR"] = _temp.Combine("lib");
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var bash = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await bash.StandardOutput.ReadToEndAsync(timeout.Token);
        await bash.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, bash.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0] is "LD_PRELOAD" or "MALLOC_CONF" or "MALLOC_ARENA_MAX")
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }
}
