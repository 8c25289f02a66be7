using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Core.Similarity;
using FileSearch.Server.Api;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>duplicates [--path P] [--min-size B] [--threshold J] [--family-threshold J] [--image-threshold C] [--json] [--as USER]</c>:
/// groups of byte-identical files, of near-duplicate texts, of near-duplicate images (one k-NN lookup per image in the
/// index) and of versions of one document among the indexed documents the caller may read, with the bytes the redundant
/// copies take per folder.
/// </summary>
public static class DuplicatesCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var path = new Option<string?>("--path") { Description = "Only documents whose path (or key) starts with this folder" };
        var minSize = new Option<long>("--min-size") { Description = "Only files of at least this many bytes", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Estimated Jaccard similarity of the texts' 5-character shingles from which documents are near-duplicates",
            DefaultValueFactory = _ => DuplicateFinder.DefaultThreshold,
        };
        var familyThreshold = new Option<double>("--family-threshold")
        {
            Description = "Estimated Jaccard similarity from which documents with alike names in near folders are versions of one document",
            DefaultValueFactory = _ => DuplicateFinder.DefaultFamilyThreshold,
        };
        var imageThreshold = new Option<double>("--image-threshold")
        {
            Description = "Cosine similarity of two images' vectors from which they are near-duplicate images",
            DefaultValueFactory = _ => DuplicateFinder.DefaultImageThreshold,
        };
        var json = JsonOutput.Option();
        var asUser = CallerOption.Create();
        var command = new Command("duplicates", "Exact copies, near-duplicate documents and version families, with the space copies waste per folder")
        {
            path, minSize, threshold, familyThreshold, imageThreshold, json, asUser,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var similarity = parse.GetValue(threshold);
            var versions = parse.GetValue(familyThreshold);
            var pictures = parse.GetValue(imageThreshold);
            if (similarity is <= 0 or > 1 || versions is <= 0 or > 1 || pictures is <= 0 or > 1 || parse.GetValue(minSize) < 0)
            {
                AnsiConsole.MarkupLine("[red]error:[/] --threshold, --family-threshold and --image-threshold must be in (0, 1] and --min-size at least 0");
                return ExitCodes.Usage;
            }

            if (await CallerOption.ResolveOrReportAsync(services, parse.GetValue(asUser), "duplicates", token).ConfigureAwait(false) is not { } caller)
            {
                return ExitCodes.Usage;
            }

            var filter = new Filter(Prefix(parse.GetValue(path)), parse.GetValue(minSize), caller);
            var candidates = new List<DuplicateCandidate>();
            await foreach (var record in ReadableAsync(services.Get<IMetadataStore>(), filter, token).ConfigureAwait(false))
            {
                candidates.Add(DuplicateCandidate.From(record)); // the text is dropped here; only the signature is kept
            }

            var images = await ImageNeighbours.FindAsync(services.Get<ISearchIndex>(), candidates, Visibility.Of(caller), pictures, token)
                .ConfigureAwait(false);
            var report = DuplicateFinder.Find(candidates, similarity, versions, pictures, images);
            if (AuditLog.Audits(caller, AuditAction.Duplicates))
            {
                await services.Get<AuditLog>().RecordAsync(caller, AuditAction.Duplicates, filter.Prefix ?? "/", AuditOutcome.Allowed,
                    $"{report.Groups.Count} duplicate groups over {report.Examined} documents", token).ConfigureAwait(false);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(DuplicatesReportResponse.From(report, similarity, versions, pictures));
            }
            else
            {
                Render(report, similarity, versions, pictures);
            }

            return ExitCodes.Success;
        }, ct));
        return command;
    }

    internal sealed record Filter(string? Prefix, long MinSize, Caller Caller);

    /// <summary>Indexed (and pending-index) documents matching the filter that the caller may read; others do not exist for it.</summary>
    internal static async IAsyncEnumerable<DocumentRecord> ReadableAsync(IMetadataStore metadata, Filter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var principals = filter.Caller.Principals();
        foreach (var status in new[] { DocumentStatus.Indexed, DocumentStatus.PendingIndex })
        {
            await foreach (var record in metadata.ListByStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                var where = record.OriginalPath ?? record.Key;
                if (record.Size >= filter.MinSize
                    && (filter.Prefix is null || where.StartsWith(filter.Prefix, StringComparison.Ordinal))
                    && AccessDecision.For(record.Permissions, principals, filter.Caller.IsAdmin).Allowed)
                {
                    yield return record;
                }
            }
        }
    }

    /// <summary>The folder as a path prefix ending in '/': an existing local folder by its full path, otherwise as given.</summary>
    private static string? Prefix(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var full = Directory.Exists(path) ? Path.GetFullPath(path) : path;
        return full.EndsWith('/') ? full : full + "/";
    }

    private static void Render(DuplicateReport report, double threshold, double familyThreshold, double imageThreshold)
    {
        if (report.Groups.Count == 0)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"No duplicates among {report.Examined:N0} documents."));
        }

        foreach (var (group, n) in report.Groups.Select((g, i) => (g, i + 1)))
        {
            var title = group.Kind switch
            {
                DuplicateKind.Exact => string.Create(CultureInfo.InvariantCulture, $"[bold]{n}. exact copies[/] ×{group.Members.Count}, {Bytes(group.WastedBytes)} wasted"),
                DuplicateKind.Near => string.Create(CultureInfo.InvariantCulture, $"[bold]{n}. near-duplicates[/] ×{group.Members.Count}, similarity ≥ {group.Similarity:F2}"),
                DuplicateKind.Image => string.Create(CultureInfo.InvariantCulture, $"[bold]{n}. near-duplicate images[/] ×{group.Members.Count}, cosine ≥ {group.Similarity:F2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"[bold]{n}. versions[/] ×{group.Members.Count}, oldest first, text similarity ≥ {group.Similarity:F2}"),
            };
            AnsiConsole.MarkupLine(title);
            foreach (var (member, i) in group.Members.Select((m, i) => (m, i)))
            {
                var mark = group.Kind switch
                {
                    DuplicateKind.Exact when i == 0 => " [dim](oldest, kept)[/]",
                    DuplicateKind.Family when member.Id == group.Latest => " [green](latest)[/]",
                    _ => string.Empty,
                };
                var modified = group.Kind == DuplicateKind.Family && member.LastModified is { } at
                    ? " " + at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                    : string.Empty;
                AnsiConsole.MarkupLine($"   {Markup.Escape(member.Path)}  [dim]{Bytes(member.Size)}{modified}[/]{mark}");
            }
        }

        if (report.Folders.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]space taken by exact copies[/]");
            table.AddColumn("Folder");
            table.AddColumn(new TableColumn("Copies").RightAligned());
            table.AddColumn(new TableColumn("Wasted").RightAligned());
            foreach (var folder in report.Folders)
            {
                table.AddRow(Markup.Escape(folder.Folder.Length == 0 ? "." : folder.Folder), folder.Copies.ToString(CultureInfo.InvariantCulture), Bytes(folder.WastedBytes));
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Examined:N0} documents, {report.Groups.Count(g => g.Kind == DuplicateKind.Exact):N0} groups of exact copies ({Bytes(report.WastedBytes)} wasted), " +
            $"{report.Groups.Count(g => g.Kind == DuplicateKind.Near):N0} groups of near-duplicates (text similarity ≥ {threshold:F2}), " +
            $"{report.Groups.Count(g => g.Kind == DuplicateKind.Image):N0} groups of near-duplicate images (cosine ≥ {imageThreshold:F2}), " +
            $"{report.Groups.Count(g => g.Kind == DuplicateKind.Family):N0} version families (text similarity ≥ {familyThreshold:F2})."));
        if (report.WithoutHash > 0)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"[yellow]{report.WithoutHash:N0} documents have no content hash (processed before hashes were recorded): they take part in near-duplicate groups and families only; ./filesearch backfill hashes records their hashes.[/]"));
        }
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
