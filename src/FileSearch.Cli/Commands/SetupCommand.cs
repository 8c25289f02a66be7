using System.CommandLine;
using FileSearch.Aws;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>setup aws</c>: creates the SQS queue with its dead-letter queue, S3 buckets and the DynamoDB table.</summary>
public static class SetupCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var queue = new Option<bool>("--queue") { Description = "Create the work queue (Aws:QueueName) and its dead-letter queue with a redrive policy" };
        var table = new Option<bool>("--table") { Description = "Create the metadata table (Aws:TableName) with its indexes" };
        var buckets = new Option<string[]>("--bucket") { Description = "Create this bucket (repeatable)", AllowMultipleArgumentsPerToken = true };
        var aws = new Command("aws", "Create the AWS resources FileSearch uses (existing ones are kept); region and names from the Aws section")
        {
            queue, table, buckets,
        };
        aws.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var options = configuration.GetSection(AwsOptions.SectionName).Get<AwsOptions>() ?? new AwsOptions();
            var worker = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
            var all = !parse.GetValue(queue) && !parse.GetValue(table) && (parse.GetValue(buckets) ?? []).Length == 0;
            using var sqs = AwsServiceCollectionExtensions.CreateSqs(options, credentials: null);
            using var s3 = AwsServiceCollectionExtensions.CreateS3(options, credentials: null);
            using var dynamo = AwsServiceCollectionExtensions.CreateDynamoDb(options, credentials: null);
            var setup = new AwsResourceSetup(sqs, s3, dynamo);
            if (all || parse.GetValue(queue))
            {
                var url = await setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, worker.MaxReceiveCount, worker.VisibilityTimeout, token).ConfigureAwait(false);
                AnsiConsole.MarkupLineInterpolated($"queue [green]{url}[/] (dead-letter queue {options.DeadLetterQueueName}, maxReceiveCount {worker.MaxReceiveCount})");
            }

            if (all || parse.GetValue(table))
            {
                await setup.CreateTableAsync(options.TableName, token).ConfigureAwait(false);
                AnsiConsole.MarkupLineInterpolated($"table [green]{options.TableName}[/]");
            }

            // The thumbnail bucket is the worker's own; create it with everything else.
            var pipeline = configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
            IEnumerable<string> toCreate = all ? [pipeline.ThumbnailBucket] : [];
            foreach (var bucket in toCreate.Concat(parse.GetValue(buckets) ?? []))
            {
                await setup.CreateBucketAsync(bucket, token).ConfigureAwait(false);
                AnsiConsole.MarkupLineInterpolated($"bucket [green]{bucket}[/]");
            }

            return ExitCodes.Success;
        }, ct));
        return new Command("setup", "Create cloud resources") { aws };
    }
}
