using System.Text.RegularExpressions;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace FileSearch.Bench.Commands.Profile;

/// <summary>One method's share of the CPU samples: on the stack at all (inclusive) or at the top (exclusive).</summary>
internal sealed record MethodTime(string Method, long Inclusive, long Exclusive);

/// <summary>
/// Inclusive and exclusive sample counts per method from an EventPipe trace. Samples whose top frame is a wait
/// (idle thread-pool workers, timers, a thread blocked on a lock or a child process) are counted apart as idle, so
/// the percentages are of the samples where a thread was running: in managed code or in native code it called
/// (Tesseract, libvips, SQLite), which the sample attributes to the managed method that made the call.
/// </summary>
internal sealed partial class CpuProfile
{
    private readonly Dictionary<string, (long Inclusive, long Exclusive)> _methods = new(StringComparer.Ordinal);

    /// <summary>The name of frames without a module or symbol (native code of the runtime or a library without symbols).</summary>
    public const string NativeFrame = "[native code]";

    public long Samples { get; private set; }

    public long IdleSamples { get; private set; }

    public static CpuProfile Read(string nettracePath)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath, Path.ChangeExtension(nettracePath, ".etlx"));
        try
        {
            using var log = new TraceLog(etlx);
            var profile = new CpuProfile();
            foreach (var sample in log.Events)
            {
                if (sample.ProviderName == "Microsoft-DotNETCore-SampleProfiler" && sample.CallStack() is { } stack)
                {
                    profile.Add(stack);
                }
            }

            return profile;
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    /// <summary>The <paramref name="count"/> methods with the most inclusive samples, optionally only those matching <paramref name="filter"/>.</summary>
    public IReadOnlyList<MethodTime> Top(int count, Func<string, bool>? filter = null, bool byExclusive = false) =>
        [.. _methods.Where(m => filter?.Invoke(m.Key) ?? true)
            .OrderByDescending(m => byExclusive ? m.Value.Exclusive : m.Value.Inclusive).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Take(count).Select(m => new MethodTime(m.Key, m.Value.Inclusive, m.Value.Exclusive))];

    internal void Add(IReadOnlyList<string> framesLeafFirst)
    {
        if (framesLeafFirst.Count == 0)
        {
            return;
        }

        // Native frames without symbols (epoll, futex) sit above the managed frame that tells what the thread waits for.
        if (framesLeafFirst.FirstOrDefault(f => f != NativeFrame) is { } top && IsWait(top))
        {
            IdleSamples++;
            return;
        }

        Samples++;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < framesLeafFirst.Count; i++)
        {
            var method = framesLeafFirst[i];
            if (seen.Add(method))
            {
                var (inclusive, exclusive) = _methods.GetValueOrDefault(method);
                _methods[method] = (inclusive + 1, exclusive + (i == 0 ? 1 : 0));
            }
        }
    }

    private void Add(TraceCallStack stack)
    {
        var frames = new List<string>();
        for (var frame = stack; frame is not null; frame = frame.Caller)
        {
            var address = frame.CodeAddress;
            frames.Add(address.FullMethodName is { Length: > 0 } name ? name : address.ModuleName is { Length: > 0 } module ? $"{module}!?" : NativeFrame);
        }

        Add(frames);
    }

    internal static bool IsWait(string method) => WaitFrame().IsMatch(method);

    /// <summary>Thread-pool, async state machine and task plumbing: on every stack, so on top of every inclusive list.</summary>
    public static bool IsPlumbing(string method) => method == NativeFrame
        || method.StartsWith("System.Threading.", StringComparison.Ordinal) || method.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal);

    [GeneratedRegex(@"(^|\.)(Wait[A-Za-z]*|Sleep|SleepEx|WaitForSocketEvents|EventLoop|WaitForSignal|WaitNative|Monitor\.Enter[A-Za-z_]*|ReadFromFd|poll)\(|LowLevelLifoSemaphore|LowLevelMonitor")]
    private static partial Regex WaitFrame();
}
