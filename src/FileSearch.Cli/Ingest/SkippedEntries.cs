using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Embedded;
using FileSearch.Hosting.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FileSearch.Cli.Ingest;

/// <summary>
/// The entries of an ingested folder that are not documents (special files, links out of the folder or dangling,
/// invalid names, unreadable folders): each is stored as a FAILED record with its reason, so <c>status</c> counts it and
/// <c>show</c> explains it, and listed at the end of the ingest summary. Nothing in the folder is skipped silently.
/// </summary>
internal static class SkippedEntries
{
    public static async Task RecordAsync(IServiceProvider services, IngestPlan plan, CancellationToken cancellationToken)
    {
        var metadata = services.GetRequiredService<IMetadataStore>();
        var lifecycle = services.GetRequiredService<DocumentLifecycle>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var entry in plan.Skipped)
        {
            var fileEvent = new FileEvent(FileEventKind.Created, plan.Bucket, entry.Key, null, now, ETag: $"skipped-{entry.Code}", OriginalPath: entry.Path);
            var reason = $"{entry.Code}: {entry.Reason}";
            if (await metadata.GetAsync(fileEvent.DocumentId, cancellationToken).ConfigureAwait(false) is { Status: DocumentStatus.Failed } known
                && known.FailureReason == reason)
            {
                continue; // recorded by an earlier run
            }

            await lifecycle.MarkFailedAsync(fileEvent, new FailureClassification(FailureKind.Permanent, entry.Code, entry.Reason), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public static void Write(IReadOnlyList<SkippedEntry> skipped)
    {
        foreach (var entry in skipped)
        {
            AnsiConsole.MarkupLine($"[yellow]not indexed[/] {Markup.Escape(entry.Key)}: {Markup.Escape(entry.Code)}: {Markup.Escape(entry.Reason)}");
        }

        if (skipped.Count > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]{skipped.Count} folder entr{(skipped.Count == 1 ? "y is" : "ies are")} not documents; [bold]filesearch status[/] counts them as FAILED.[/]");
        }
    }
}
