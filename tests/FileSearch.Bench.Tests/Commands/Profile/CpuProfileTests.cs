using FileSearch.Bench.Commands.Profile;

namespace FileSearch.Bench.Tests.Commands.Profile;

[Trait("Category", "Unit")]
public sealed class CpuProfileTests
{
    [Fact]
    public void Add_WaitOnTop_CountsIdleNotRunning()
    {
        var profile = new CpuProfile();

        profile.Add([CpuProfile.NativeFrame, "System.Net.Sockets.SocketAsyncEngine.EventLoop()", "System.Threading.Thread.StartCallback()"]);
        profile.Add(["System.Threading.LowLevelLifoSemaphore.WaitForSignal(int32)", "System.Threading.Thread.StartCallback()"]);
        profile.Add(["System.Threading.Monitor.Enter_Slowpath(class System.Object)", "Lucene.Net.Index.IndexWriter.Commit()"]);
        profile.Add(["FileSearch.A.Work()", "System.Threading.Thread.StartCallback()"]);

        Assert.Equal(3, profile.IdleSamples);
        Assert.Equal(1, profile.Samples);
        Assert.DoesNotContain(profile.Top(10), m => m.Method.Contains("EventLoop", StringComparison.Ordinal));
    }

    [Fact]
    public void Add_RecursiveStacks_InclusiveOncePerSampleExclusiveOnlyAtTop()
    {
        var profile = new CpuProfile();

        profile.Add(["Leaf()", "Recursive()", "Recursive()", "Root()"]);
        profile.Add(["Recursive()", "Root()"]);
        profile.Add(["Other()", "Root()"]);

        var top = profile.Top(10).ToDictionary(m => m.Method);
        Assert.Equal(3, top["Root()"].Inclusive);
        Assert.Equal(0, top["Root()"].Exclusive);
        Assert.Equal(2, top["Recursive()"].Inclusive);
        Assert.Equal(1, top["Recursive()"].Exclusive);
        Assert.Equal("Root()", profile.Top(1)[0].Method);
        Assert.Equal(["Leaf()", "Other()", "Recursive()"], profile.Top(3, byExclusive: true).Select(m => m.Method).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("System.Threading.Tasks.Task.RunContinuations(class System.Object)", true)]
    [InlineData("System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start(!!0&)", true)]
    [InlineData(CpuProfile.NativeFrame, true)]
    [InlineData("FileSearch.Extraction.PdfTextExtractor.Extract(class System.String)", false)]
    public void IsPlumbing_KnownFrames_Classified(string method, bool expected) => Assert.Equal(expected, CpuProfile.IsPlumbing(method));
}
