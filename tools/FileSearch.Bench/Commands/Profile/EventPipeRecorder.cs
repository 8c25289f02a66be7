using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace FileSearch.Bench.Commands.Profile;

/// <summary>
/// Records an EventPipe trace of this very process (through its diagnostics port, as <c>dotnet-trace collect</c> does
/// from outside): the runtime's sample profiler (every managed thread's stack each millisecond) plus the runtime
/// events that name JIT-compiled and ready-to-run methods, with rundown at the end.
/// </summary>
internal static class EventPipeRecorder
{
    /// <summary>The keywords of <c>dotnet-trace</c>'s <c>cpu-sampling</c> profile for the runtime provider.</summary>
    private const long RuntimeKeywords = 0x14C14FCCBD;

    public static async Task<T> RecordAsync<T>(string nettracePath, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
        ];
        var client = new DiagnosticsClient(Environment.ProcessId);
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 512, cancellationToken).ConfigureAwait(false);
        var file = File.Create(nettracePath);
        await using (file.ConfigureAwait(false))
        {
            var copy = session.EventStream.CopyToAsync(file, CancellationToken.None);
            try
            {
                return await body(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await copy.ConfigureAwait(false);
            }
        }
    }
}
