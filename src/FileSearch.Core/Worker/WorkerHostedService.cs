using Microsoft.Extensions.Hosting;

namespace FileSearch.Core.Worker;

/// <summary>Runs the <see cref="QueueWorker"/> for the lifetime of the host (the <c>worker</c> command).</summary>
public sealed class WorkerHostedService(QueueWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
