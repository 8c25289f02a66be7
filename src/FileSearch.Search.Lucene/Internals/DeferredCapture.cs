using System.Runtime.ExceptionServices;
using Lucene.Net.Analysis;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// One field's analysis (<see cref="CapturedTokens.Capture"/>) offered to the thread pool while the index writer works on
/// the fields before it. Whichever thread comes first runs it: a pool thread, or the writer when it reaches the field and
/// the analysis has not started yet, so the writer never waits for a work item still in the pool's queue (on a busy
/// pool that could be long); it waits only for an analysis already running, which ends on its own.
/// </summary>
internal sealed class DeferredCapture(Analyzer analyzer, string fieldName, string text)
{
    // Monitor-based: the writer waits on it (Wait/PulseAll) for an analysis another thread is running.
    private readonly object _gate = new();
    private int _claimed;
    private bool _done;
    private CapturedTokens? _tokens;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Offers the analysis to the thread pool.</summary>
    public void Offer() => ThreadPool.UnsafeQueueUserWorkItem(static c => c.TryRun(), this, preferLocal: false);

    /// <summary>
    /// Makes sure the analysis never starts (the document is not being written); one already running finishes. Tokens asked
    /// for afterwards are refused.
    /// </summary>
    public void Abandon()
    {
        if (Interlocked.Exchange(ref _claimed, 1) == 0)
        {
            Finish(null, ExceptionDispatchInfo.Capture(new OperationCanceledException($"The analysis of {fieldName} was abandoned.")));
        }
    }

    /// <summary>The field's tokens: analysed on this thread when no other has started, else waited for.</summary>
    public CapturedTokens Tokens()
    {
        if (!TryRun())
        {
            lock (_gate)
            {
                while (!_done)
                {
                    Monitor.Wait(_gate);
                }
            }
        }

        _failure?.Throw();
        return _tokens!;
    }

    /// <summary>A token stream that gives the tokens, taken (<see cref="Tokens"/>) when the writer starts reading it.</summary>
    public TokenStream Replay() => new CapturedTokens.ReplayStream(Tokens);

    private bool TryRun()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0)
        {
            return false;
        }

        CapturedTokens? tokens = null;
        ExceptionDispatchInfo? failure = null;
        try
        {
            tokens = CapturedTokens.Capture(analyzer, fieldName, text);
        }
        catch (Exception ex)
        {
            // Rethrown on the writer's thread, which fails the document as its own analysis would have.
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        Finish(tokens, failure);
        return true;
    }

    private void Finish(CapturedTokens? tokens, ExceptionDispatchInfo? failure)
    {
        lock (_gate)
        {
            (_tokens, _failure, _done) = (tokens, failure, true);
            Monitor.PulseAll(_gate);
        }
    }
}
