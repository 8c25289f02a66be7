using Microsoft.Extensions.Hosting;

namespace FileSearch.Imaging.Internals;

/// <summary>Creates <see cref="VipsRuntime"/> at host start, so libvips is hardened before the first message.</summary>
internal sealed class VipsStartup(VipsRuntime runtime) : IHostedService
{
    public VipsRuntime Runtime { get; } = runtime;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
