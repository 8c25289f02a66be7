using System.CommandLine;
using FileSearch.Cli.Ingest;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Worker;
using FileSearch.Embedded;
using FileSearch.Hosting;
using FileSearch.Hosting.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>ingest &lt;folder&gt;</c>: index a folder in place, then process the queue with a live display.</summary>
public static class IngestCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder to index (read in place, never modified)" };
        var enqueueOnly = new Option<bool>("--enqueue-only") { Description = "Only queue the events; a running 'filesearch worker' processes them" };
        var command = new Command("ingest", "Index a folder: new and changed files are (re)indexed, removed files are removed") { folder, enqueueOnly };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Error,
            (services, context, token) => RunAsync(services, context.DataDirectory, parse.GetValue(folder)!, parse.GetValue(enqueueOnly), token), ct,
            // The live display observes the worker like any other observer (metrics, logs).
            services =>
            {
                services.TryAddSingleton<IngestProgress>();
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessingObserver, IngestProgress>(sp => sp.GetRequiredService<IngestProgress>()));
            }));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string dataDirectory, DirectoryInfo folder, bool enqueueOnly, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] folder not found: {Markup.Escape(folder.FullName)}");
            return ExitCodes.Usage;
        }

        var root = Path.TrimEndingDirectorySeparator(folder.FullName);
        var bucket = IngestPlanner.BucketFor(root);
        await services.Get<FolderObjectStore>().RegisterBucketAsync(bucket, root, readOnly: true, cancellationToken).ConfigureAwait(false);
        var time = services.Get<TimeProvider>();
        var planner = new IngestPlanner(services.Get<IObjectStore>(), services.Get<IMetadataStore>(), time,
            services.GetService<IPermissionSource>(), services.GetService<PermissionResolver>(), services.Get<FolderObjectStore>(),
            EventClock.For(dataDirectory, time));
        var plan = await planner.PlanAsync(bucket, root, cancellationToken).ConfigureAwait(false);
        var permissions = plan.PermissionsChanged > 0 ? $" ({plan.PermissionsChanged} with new permissions only)" : string.Empty;
        var skipped = plan.Skipped.Count > 0 ? $", {plan.Skipped.Count} not indexable" : string.Empty;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(root)}[/]: {plan.Created} new or changed{permissions}, {plan.Deleted} removed, {plan.Unchanged} unchanged{skipped}");
        await SkippedEntries.RecordAsync(services, plan, cancellationToken).ConfigureAwait(false);

        var queue = services.Get<IMessageQueue>();
        foreach (var chunk in plan.Events.Select(IngestPlanner.ToMessage).Chunk(10))
        {
            await queue.SendBatchAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        if (enqueueOnly)
        {
            AnsiConsole.MarkupLine($"Queued {plan.Events.Count} event(s) for [bold]filesearch worker[/].");
            SkippedEntries.Write(plan.Skipped);
            return ExitCodes.Success;
        }

        // One process writes the index: when a worker already does, it processes these events and this command waits.
        if (services.GetService<ISingleWriterIndex>() is { } index
            && await RunningWorker.ClaimAsync(index, cancellationToken).ConfigureAwait(false) is { } holder)
        {
            var outcome = await RunningWorker.WaitAsync(index, holder, queue, plan.Events.Count, services.Get<TimeProvider>(), cancellationToken)
                .ConfigureAwait(false);
            if (outcome is { } exitCode)
            {
                SkippedEntries.Write(plan.Skipped);
                return exitCode;
            }
        }

        var progress = services.Get<IngestProgress>();
        var worker = services.Get<QueueWorker>();
        await IngestDisplay.RunAsync(progress, plan.Events.Count, token => worker.RunUntilIdleAsync(token), cancellationToken).ConfigureAwait(false);

        IngestDisplay.WriteSummary(progress);
        SkippedEntries.Write(plan.Skipped);
        return progress.Failed > 0 || plan.Skipped.Count > 0 ? ExitCodes.CompletedWithFailures : ExitCodes.Success;
    }
}
