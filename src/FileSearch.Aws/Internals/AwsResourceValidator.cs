using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Internals;

/// <summary>Which ports use AWS (for the start-up check).</summary>
internal sealed record AwsBackendChoice(AwsBackends Backends);

/// <summary>At start, checks that the queue (with its dead-letter queue), the table and the thumbnail bucket exist, with one clear message.</summary>
internal sealed class AwsResourceValidator(
    AwsResourceSetup setup,
    IOptions<AwsOptions> options,
    IOptions<FileSearch.Core.Pipeline.PipelineOptions> pipeline,
    AwsBackendChoice choice) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.ValidateResourcesAtStart)
        {
            return;
        }

        var missing = await setup.FindMissingAsync(
            choice.Backends.HasFlag(AwsBackends.Queue) ? o.QueueName : null,
            choice.Backends.HasFlag(AwsBackends.Metadata) ? o.TableName : null,
            choice.Backends.HasFlag(AwsBackends.ObjectStore) ? [pipeline.Value.ThumbnailBucket] : [],
            cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("AWS resources are missing: " + string.Join("; ", missing));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
