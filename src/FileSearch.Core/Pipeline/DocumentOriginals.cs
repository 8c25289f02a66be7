using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// Fetches the original bytes of a document into a local file: a file is downloaded from the object store; a member or
/// attachment (<see cref="DocumentRecord.MemberPath"/>) is read out of its downloaded file, nested containers level by
/// level, with the container readers and guards that made it, so its bytes are exactly those the container holds. Used to
/// serve a member's original and to embed it again (reindex, vector backfill).
/// </summary>
public sealed class DocumentOriginals(
    IObjectStore objects, IFileTypeDetector detector, IEnumerable<IContainerReader> readers, IOptions<PipelineOptions> options)
{
    private readonly IContainerReader[] _readers = [.. readers];

    /// <summary>
    /// Writes the document's original under <paramref name="folder"/> (a private folder the caller removes) and returns its
    /// path. A file gone from storage, or a member its file no longer holds, is a permanent <c>object-not-found</c>.
    /// </summary>
    public async Task<string> FetchAsync(DocumentRecord record, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var current = Path.Combine(folder, "source" + DownloadStage.SafeExtension(record.Key));
        await objects.DownloadAsync(record.Bucket, record.Key, current, cancellationToken).ConfigureAwait(false);
        if (record.MemberPath is not { } memberPath)
        {
            return current;
        }

        var name = record.Key[(record.Key.LastIndexOf('/') + 1)..];
        var levels = memberPath.Split(ChildDocumentsStage.ChainSeparator);
        var budget = new ContainerBudget(options.Value.MaxChildDocuments, options.Value.MaxChildBytes);
        for (var level = 0; level < levels.Length; level++)
        {
            var type = await detector.DetectAsync(current, name, cancellationToken).ConfigureAwait(false);
            var next = Path.Combine(folder, $"member-{level}" + DownloadStage.SafeExtension(levels[level]));
            var work = Directory.CreateDirectory(Path.Combine(folder, $"work-{level}")).FullName;
            var reader = Array.Find(_readers, r => r.CanRead(type.Kind));
            if (reader is null || !await reader.ExtractAsync(current, type.Kind, levels[level], next, work, budget, cancellationToken).ConfigureAwait(false))
            {
                throw ProcessingException.Permanent("object-not-found",
                    $"{record.Bucket}/{record.Key} no longer holds the member '{memberPath}'");
            }

            File.Delete(current);
            current = next;
            name = levels[level][(levels[level].LastIndexOf('/') + 1)..];
        }

        return current;
    }
}
