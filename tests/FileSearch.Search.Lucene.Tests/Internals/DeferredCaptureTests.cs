using FileSearch.Search.Lucene.Internals;
using FileSearch.Testing;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Tests.Internals;

/// <summary>
/// A field's analysis offered to the thread pool beside the index writer: whichever thread comes first runs it, the writer
/// waits only for one already running, and a failure reaches the writer.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DeferredCaptureTests
{
    private const string Text = "見積書 提出 2025年度";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void Tokens_NotTakenByThePool_AnalysedOnTheCallingThread()
    {
        using var analyzer = new HookedAnalyzer();
        var capture = new DeferredCapture(analyzer, "text", Text);

        var tokens = AnalyzedTokens.Read(capture.Replay());

        Assert.Equal([("見積書", 0, 3), ("提出", 4, 6), ("2025年度", 7, 13)], tokens);
        // Analysed once, on this thread: the pool never had it.
        Assert.Equal([Environment.CurrentManagedThreadId], analyzer.Threads);
    }

    [Fact]
    public async Task Tokens_AnalysisRunningOnThePool_WaitsForItsTokens()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var analyzer = new HookedAnalyzer(() =>
        {
            started.Set();
            Assert.True(release.Wait(Patience));
        });
        var capture = new DeferredCapture(analyzer, "text", Text);

        capture.Offer();
        Assert.True(started.Wait(Patience));
        var writer = Task.Run(() => AnalyzedTokens.Read(capture.Replay()));
        var early = await Task.WhenAny(writer, Task.Delay(200));
        release.Set();

        Assert.NotSame(writer, early);
        Assert.Equal(3, (await writer.WaitAsync(Patience)).Count);
        // Analysed once: the run the pool started before the writer asked, whose tokens the writer waited for.
        Assert.Single(analyzer.Threads);
    }

    [Fact]
    public async Task Tokens_AnalysisFailedOnThePool_RethrownToTheWriter()
    {
        using var analyzer = new HookedAnalyzer(() => throw new InvalidDataException("辞書が壊れています"));
        var capture = new DeferredCapture(analyzer, "text", Text);

        capture.Offer();
        await Polling.UntilAsync(() => analyzer.Threads.Count == 1, Patience);
        var failure = Assert.Throws<InvalidDataException>(() => AnalyzedTokens.Read(capture.Replay()));

        Assert.Equal("辞書が壊れています", failure.Message);
        // The pool's run is the only one: the writer was handed its failure, not left to run it again.
        Assert.Single(analyzer.Threads);
    }

    [Fact]
    public void Abandon_NotStarted_NeverAnalysedAndTokensRefused()
    {
        using var analyzer = new HookedAnalyzer();
        var capture = new DeferredCapture(analyzer, "text", Text);

        capture.Abandon();
        capture.Offer();

        Assert.Throws<OperationCanceledException>(capture.Tokens);
        Assert.Empty(analyzer.Threads);
    }

    /// <summary>Whitespace tokens; records the thread of every analysis and runs <c>hook</c> as it starts.</summary>
    private sealed class HookedAnalyzer(Action? hook = null) : Analyzer
    {
        private readonly List<int> _threads = [];

        public IReadOnlyList<int> Threads
        {
            get
            {
                lock (_threads)
                {
                    return [.. _threads];
                }
            }
        }

        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
            new(new WhitespaceTokenizer(LuceneVersion.LUCENE_48, reader));

        protected override TextReader InitReader(string fieldName, TextReader reader)
        {
            lock (_threads)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
            }

            hook?.Invoke();
            return reader;
        }
    }
}
