using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharpCompress.Archives;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace FileSearch.Extraction;

/// <summary>
/// Reads the members of ZIP, 7z, tar and gzip files (a compressed tar as the archive it holds) with SharpCompress. Member
/// names are decoded per archive (<see cref="ArchiveNames"/>: UTF-8, or Shift_JIS when any name is not UTF-8). Guards,
/// each reported as a <see cref="SkippedMember"/> while the readable rest is handed out: names that are absolute, carry a
/// drive letter, a <c>..</c> segment or control characters (<c>unsafe-path</c>; they never reach the file system, local
/// names are fixed); encrypted members (<c>encrypted</c>); a member over <see cref="ExtractionOptions.MaxMemberBytes"/>
/// (<c>member-too-large</c>); a ZIP member of at least 1 MiB expanding more than
/// <see cref="ExtractionOptions.MaxZipCompressionRatio"/> times its compressed size, or an archive expanding more than that
/// ratio times its own size (<c>compression-ratio</c>); more than <see cref="ExtractionOptions.MaxArchiveMembers"/> members
/// or the shared budget spent (<c>too-many-members</c>, <c>expanded-size</c>). Sizes are counted as bytes are written,
/// never taken from headers. A file that is no readable archive is permanent <c>corrupt-archive</c>; one whose directory
/// is encrypted, <c>encrypted-archive</c>.
/// </summary>
public sealed class ArchiveContainerReader(IOptions<ExtractionOptions> options, ILogger<ArchiveContainerReader> logger) : IContainerReader
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanRead(FileKind kind) => kind is FileKind.Zip or FileKind.SevenZip or FileKind.Tar or FileKind.GZip;

    public async Task<ContainerSummary> ReadAsync(
        string filePath,
        FileKind kind,
        string workDirectory,
        ContainerBudget budget,
        Func<ContainedFile, CancellationToken, Task> onMember,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(onMember);
        return kind == FileKind.GZip
            ? await ReadGZipAsync(filePath, workDirectory, budget, onMember, cancellationToken).ConfigureAwait(false)
            : await ReadArchiveAsync(filePath, kind, workDirectory, budget, onMember, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes one member: in a ZIP, tar or non-solid 7z the entry is found by its decoded name and only it is decompressed,
    /// under the per-member limits; a gzip file and a solid archive are read in order up to it.
    /// </summary>
    public async Task<bool> ExtractAsync(
        string filePath, FileKind kind, string memberPath, string destination, string workDirectory, ContainerBudget budget,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentNullException.ThrowIfNull(budget);
        if (kind == FileKind.GZip)
        {
            return await ContainerReading.ExtractByReadingAsync(this, filePath, kind, memberPath, destination, workDirectory, budget, cancellationToken)
                .ConfigureAwait(false);
        }

        var names = new ArchiveNames();
        Classified(kind, () =>
        {
            using var first = Open(filePath, kind, names.Collecting());
            foreach (var entry in first.Entries)
            {
                _ = entry.Key;
            }
        });
        using var archive = Open(filePath, kind, ArchiveNames.Decoding(names.Decide()));
        if (archive.IsSolid)
        {
            return await ContainerReading.ExtractByReadingAsync(this, filePath, kind, memberPath, destination, workDirectory, budget, cancellationToken)
                .ConfigureAwait(false);
        }

        var member = Entries(archive).FirstOrDefault(e => string.Equals(MemberFiles.SafePath(e.Key ?? "data"), memberPath, StringComparison.Ordinal));
        if (member is null || member.IsEncrypted)
        {
            return false;
        }

        var (limit, _) = Limit(new ArchiveRun(new FileInfo(filePath).Length, budget, kind == FileKind.Zip), member);
        MemberFiles.CopyOutcome outcome;
        try
        {
            var stream = await member.OpenEntryStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                (outcome, _) = await MemberFiles.CopyBoundedAsync(stream, destination, limit, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsArchiveFailure(ex))
        {
            File.Delete(destination);
            return false;
        }

        if (outcome == MemberFiles.CopyOutcome.OverLimit)
        {
            File.Delete(destination);
            return false;
        }

        return true;
    }

    private async Task<ContainerSummary> ReadArchiveAsync(
        string filePath, FileKind kind, string workDirectory, ContainerBudget budget,
        Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        var names = new ArchiveNames();
        Classified(kind, () =>
        {
            using var first = Open(filePath, kind, names.Collecting());
            foreach (var entry in first.Entries)
            {
                _ = entry.Key;
            }
        });

        var encoding = names.Decide();
        using var archive = Open(filePath, kind, ArchiveNames.Decoding(encoding));
        var run = new ArchiveRun(new FileInfo(filePath).Length, budget, kind == FileKind.Zip);
        try
        {
            if (archive.IsSolid)
            {
                await ReadSolidAsync(archive, run, workDirectory, onMember, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var ordinal = 0;
                foreach (var entry in Entries(archive))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!await MemberAsync(run, entry, async ct => await entry.OpenEntryStreamAsync(ct).ConfigureAwait(false), workDirectory, ++ordinal,
                        onMember, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (IsArchiveFailure(ex))
        {
            run.Skipped.Add(new SkippedMember(run.LastPath ?? "(archive)", "corrupt-member", $"the archive could not be read past this point: {ex.Message}"));
        }

        Log.ArchiveRead(logger, filePath, run.Members, run.Skipped.Count);
        return new ContainerSummary(run.Members, run.Skipped, names.Describe(encoding));
    }

    /// <summary>
    /// A gzip file holds one compressed file: a tar (<c>.tar.gz</c>) is read as that archive, anything else is its one member,
    /// named by the header's original file name (RFC 1952 FNAME) when it has one. The decompressed copy is bounded by the
    /// ratio and the shared budget like any member.
    /// </summary>
    private async Task<ContainerSummary> ReadGZipAsync(
        string filePath, string workDirectory, ContainerBudget budget, Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        var size = new FileInfo(filePath).Length;
        var ratioLimit = (long)Math.Min(long.MaxValue / 2, Math.Max(ZipInspector.RatioCheckMinBytes, _options.MaxZipCompressionRatio * size));
        var (limit, code) = new[] { (_options.MaxMemberBytes, "member-too-large"), (budget.RemainingBytes, "expanded-size"), (ratioLimit, "compression-ratio") }
            .MinBy(l => l.Item1);
        var name = GZipHeader.OriginalName(filePath) is { } n && MemberFiles.SafePath(n) is { } safe ? safe : "content";
        var inner = MemberFiles.LocalPath(workDirectory, 0, name);
        try
        {
            MemberFiles.CopyOutcome outcome;
            long written;
            try
            {
                var source = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                await using (source.ConfigureAwait(false))
                {
                    var gzip = new System.IO.Compression.GZipStream(source, System.IO.Compression.CompressionMode.Decompress);
                    await using (gzip.ConfigureAwait(false))
                    {
                        (outcome, written) = await MemberFiles.CopyBoundedAsync(gzip, inner, limit, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                throw ProcessingException.Permanent("corrupt-archive", $"gz file is damaged: {ex.Message}", ex);
            }

            if (outcome == MemberFiles.CopyOutcome.OverLimit)
            {
                return new ContainerSummary(0, [new SkippedMember(name, code, Explain(code, limit))]);
            }

            if (GZipHeader.IsTar(inner))
            {
                return await ReadArchiveAsync(inner, FileKind.Tar, workDirectory, budget, onMember, cancellationToken).ConfigureAwait(false);
            }

            if (!budget.TryTakeMember())
            {
                return new ContainerSummary(0, [new SkippedMember(name, "too-many-members", "Pipeline:MaxChildDocuments reached; not read")]);
            }

            budget.AddBytes(written);
            var member = new ContainedFile(name, inner, written, null);
            await MemberFiles.HandOutAsync(member, onMember, cancellationToken).ConfigureAwait(false);
            return new ContainerSummary(1, []);
        }
        finally
        {
            File.Delete(inner);
        }
    }

    /// <summary>
    /// Reads a solid archive (a 7z whose members share one compressed stream) in one pass, in stored order: opening each entry
    /// on its own would decompress the stream from its start again for every member, a cost that grows with the square of
    /// the member count.
    /// </summary>
    private async Task ReadSolidAsync(
        IArchive archive, ArchiveRun run, string workDirectory, Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        // The archive is a local file already open: the reader's steps are synchronous reads of it.
        using var reader = archive.ExtractAllEntries();
        var ordinal = 0;
        while (reader.MoveToNextEntry())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = reader.Entry;
            if (entry.IsDirectory)
            {
                continue;
            }

            if (!await MemberAsync(run, entry, _ => Task.FromResult<Stream>(reader.OpenEntryStream()), workDirectory, ++ordinal,
                onMember, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reads one entry through <paramref name="open"/>; false when a guard stops the whole archive.</summary>
    private async Task<bool> MemberAsync(ArchiveRun run, IEntry entry, Func<CancellationToken, Task<Stream>> open, string workDirectory, int ordinal,
        Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        var raw = entry.Key ?? "data";
        run.LastPath = raw;
        if (MemberFiles.SafePath(raw) is not { } path)
        {
            run.Skipped.Add(new SkippedMember(raw, "unsafe-path", "member name is absolute, has a drive letter, a '..' segment or control characters; ignored"));
            return true;
        }

        if (entry.IsEncrypted)
        {
            run.Skipped.Add(new SkippedMember(path, "encrypted", "member is encrypted (password-protected); indexed neither by content nor name"));
            return true;
        }

        if (run.Members >= _options.MaxArchiveMembers || !run.Budget.TryTakeMember())
        {
            run.Skipped.Add(new SkippedMember(path, "too-many-members",
                $"more members than Extraction:MaxArchiveMembers ({_options.MaxArchiveMembers}) or Pipeline:MaxChildDocuments; the rest is not read"));
            return false;
        }

        var (limit, code) = Limit(run, entry);
        var local = MemberFiles.LocalPath(workDirectory, ordinal, path);
        MemberFiles.CopyOutcome outcome;
        long written;
        try
        {
            var stream = await open(cancellationToken).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            (outcome, written) = await MemberFiles.CopyBoundedAsync(stream, local, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsArchiveFailure(ex))
        {
            File.Delete(local);
            run.Skipped.Add(new SkippedMember(path, IsEncryption(ex) ? "encrypted" : "corrupt-member", $"member could not be decompressed: {ex.Message}"));
            return true;
        }

        run.Budget.AddBytes(written);
        run.Expanded += written;
        if (outcome == MemberFiles.CopyOutcome.OverLimit)
        {
            File.Delete(local);
            run.Skipped.Add(new SkippedMember(path, code, Explain(code, limit)));
            return code is "member-too-large" or "compression-ratio" && run.Budget.RemainingBytes > 0 && !run.ArchiveRatioExceeded(_options);
        }

        run.Members++;
        var modified = entry.LastModifiedTime is { } m ? new DateTimeOffset(DateTime.SpecifyKind(m, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        await MemberFiles.HandOutAsync(new ContainedFile(path, local, written, modified), onMember, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The tightest of the limits on this entry's expanded bytes, with the reason code it stands for.</summary>
    private (long Limit, string Code) Limit(ArchiveRun run, IEntry entry)
    {
        var limits = new List<(long, string)>
        {
            (_options.MaxMemberBytes, "member-too-large"),
            (run.Budget.RemainingBytes, "expanded-size"),
            (run.ArchiveRatioRemaining(_options), "compression-ratio"),
        };
        if (run.IsZip && entry.CompressedSize > 0)
        {
            limits.Add(((long)Math.Min(long.MaxValue / 2, Math.Max(ZipInspector.RatioCheckMinBytes, _options.MaxZipCompressionRatio * entry.CompressedSize)),
                "compression-ratio"));
        }

        return limits.MinBy(l => l.Item1);
    }

    private string Explain(string code, long limit) => code switch
    {
        "member-too-large" => $"member expands past Extraction:MaxMemberBytes ({limit:N0} bytes); not read",
        "expanded-size" => $"the file's members expand past Pipeline:MaxChildBytes; reading stopped",
        _ => $"member expands more than {_options.MaxZipCompressionRatio} times its compressed size, or the archive more than that "
            + "times its own size (a decompression bomb); not read",
    };

    private static IEnumerable<IArchiveEntry> Entries(IArchive archive) => archive.Entries.Where(e => !e.IsDirectory);

    private static IArchive Open(string filePath, FileKind kind, ArchiveEncoding encoding) =>
        Classified(kind, () => ArchiveFactory.OpenArchive(new FileInfo(filePath), new ReaderOptions { ArchiveEncoding = encoding, LookForHeader = false }));

    private static void Classified(FileKind kind, Action action) => Classified(kind, () =>
    {
        action();
        return true;
    });

    /// <summary>Runs a step of opening an archive, turning the library's failures into permanent, specific reasons.</summary>
    private static T Classified<T>(FileKind kind, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsEncryption(ex))
        {
            throw ProcessingException.Permanent("encrypted-archive", $"{kind.ShortName()} archive is encrypted (its directory needs a password): {ex.Message}", ex);
        }
        catch (Exception ex) when (IsArchiveFailure(ex))
        {
            throw ProcessingException.Permanent("corrupt-archive", $"{kind.ShortName()} file is damaged or not a readable archive: {ex.Message}", ex);
        }
    }

    /// <summary>What SharpCompress and the decompressors throw for bad input (never cancellation or out-of-memory).</summary>
    private static bool IsArchiveFailure(Exception ex) => ex is InvalidOperationException or InvalidDataException or IOException
        or SharpCompressException or System.Security.Cryptography.CryptographicException or NotSupportedException or ArgumentException or IndexOutOfRangeException
        or OverflowException or EndOfStreamException or FormatException or NullReferenceException;

    private static bool IsEncryption(Exception ex) => ex is SharpCompress.Common.CryptographicException
        or System.Security.Cryptography.CryptographicException
        || (IsArchiveFailure(ex) && ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase));

    /// <summary>Counts of one archive's reading.</summary>
    private sealed class ArchiveRun(long archiveBytes, ContainerBudget budget, bool isZip)
    {
        public ContainerBudget Budget { get; } = budget;

        /// <summary>ZIP members are also held to the ratio of their own compressed size, which ZIP records per member.</summary>
        public bool IsZip { get; } = isZip;

        public List<SkippedMember> Skipped { get; } = [];

        public int Members { get; set; }

        public long Expanded { get; set; }

        public string? LastPath { get; set; }

        /// <summary>Bytes the archive may still expand before its whole-archive ratio passes the limit (at least 1 MiB in all).</summary>
        public long ArchiveRatioRemaining(ExtractionOptions options) =>
            Math.Max(0, (long)Math.Min(long.MaxValue / 2, Math.Max(ZipInspector.RatioCheckMinBytes, options.MaxZipCompressionRatio * archiveBytes)) - Expanded);

        public bool ArchiveRatioExceeded(ExtractionOptions options) => ArchiveRatioRemaining(options) <= 0;
    }
}
