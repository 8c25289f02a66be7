using FileSearch.Core.Domain;

namespace FileSearch.Core.Ports;

/// <summary>One file read out of a container, written to a private local file for the length of the callback.</summary>
/// <param name="Path">
/// Its path inside the container, as a person reads it (<c>見積/見積書.xlsx</c>): '/'-separated, decoded, never a file-system path.
/// </param>
/// <param name="LocalPath">Where its bytes are while the callback runs; removed afterwards.</param>
/// <param name="Size">Bytes written to <paramref name="LocalPath"/>.</param>
/// <param name="Modified">Modification time the container records for it, when it records one.</param>
public sealed record ContainedFile(string Path, string LocalPath, long Size, DateTimeOffset? Modified);

/// <summary>A member the reader did not hand out, or a stop of the whole container, with the reason.</summary>
/// <param name="Path">The member's path (as decoded, for display only), or the container's name for a stop.</param>
/// <param name="Code">
/// Short reason code: <c>encrypted</c>, <c>unsafe-path</c>, <c>member-too-large</c>, <c>compression-ratio</c>,
/// <c>too-many-members</c>, <c>expanded-size</c>, <c>corrupt-member</c>, <c>too-deep</c>, <c>unreadable</c>.
/// </param>
/// <param name="Reason">One sentence a person understands.</param>
public sealed record SkippedMember(string Path, string Code, string Reason);

/// <summary>What reading a container did.</summary>
/// <param name="Members">Members handed to the callback.</param>
/// <param name="Skipped">Members left out (and why), in the order met; a guard that stopped the container is the last.</param>
/// <param name="NameEncoding">How member names were decoded (<c>utf-8</c>, <c>shift_jis</c>), when the format leaves it open.</param>
public sealed record ContainerSummary(int Members, IReadOnlyList<SkippedMember> Skipped, string? NameEncoding = null);

/// <summary>
/// Limits shared by a container and every container nested in it, so a nested bomb cannot multiply them: members handed
/// out and bytes written in all. A reader takes from it before it writes a member and stops when it is spent.
/// </summary>
public sealed class ContainerBudget(int maxMembers, long maxBytes)
{
    public int MaxMembers { get; } = maxMembers;

    public long MaxBytes { get; } = maxBytes;

    public int Members { get; private set; }

    public long Bytes { get; private set; }

    public long RemainingBytes => Math.Max(0, MaxBytes - Bytes);

    /// <summary>Takes one member; false when <see cref="MaxMembers"/> are taken.</summary>
    public bool TryTakeMember()
    {
        if (Members >= MaxMembers)
        {
            return false;
        }

        Members++;
        return true;
    }

    /// <summary>Counts bytes written.</summary>
    public void AddBytes(long bytes) => Bytes += bytes;
}

/// <summary>
/// Reads the files held inside a container file: archive members (ZIP, 7z, tar, gzip) or mail attachments (.eml, .msg).
/// Implementations decode member names, refuse unsafe ones, bound what they expand (<see cref="ContainerBudget"/> and their
/// own per-container limits) and report what they left out instead of failing the container. A container that cannot be
/// read at all throws a permanent <c>ProcessingException</c> with a specific code.
/// </summary>
public interface IContainerReader
{
    bool CanRead(FileKind kind);

    /// <summary>
    /// Writes each member in turn to a file under <paramref name="workDirectory"/>, calls <paramref name="onMember"/> and
    /// removes the file when it returns. Exceptions of the callback propagate.
    /// </summary>
    Task<ContainerSummary> ReadAsync(
        string filePath,
        FileKind kind,
        string workDirectory,
        ContainerBudget budget,
        Func<ContainedFile, CancellationToken, Task> onMember,
        CancellationToken cancellationToken);

    /// <summary>
    /// Writes the one member whose <see cref="ContainedFile.Path"/> is <paramref name="memberPath"/> (one level, as
    /// <see cref="ReadAsync"/> names it) to <paramref name="destination"/>: its exact bytes, under the same guards. False when
    /// the container holds no such member (or a guard leaves it out). Unless a reader knows better, reads members in order
    /// until it is met (<see cref="ContainerReading.ExtractByReadingAsync"/>).
    /// </summary>
    Task<bool> ExtractAsync(
        string filePath, FileKind kind, string memberPath, string destination, string workDirectory, ContainerBudget budget,
        CancellationToken cancellationToken) =>
        ContainerReading.ExtractByReadingAsync(this, filePath, kind, memberPath, destination, workDirectory, budget, cancellationToken);
}

/// <summary>Helpers for <see cref="IContainerReader"/> implementations.</summary>
public static class ContainerReading
{
    /// <summary>
    /// <see cref="IContainerReader.ExtractAsync"/> through <see cref="IContainerReader.ReadAsync"/>: members are read in order
    /// and the reading stops at the one asked for, so nothing after it is decompressed.
    /// </summary>
    public static async Task<bool> ExtractByReadingAsync(
        IContainerReader reader, string filePath, FileKind kind, string memberPath, string destination, string workDirectory,
        ContainerBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = false;
        try
        {
            await reader.ReadAsync(filePath, kind, workDirectory, budget, (file, _) =>
            {
                if (!string.Equals(file.Path, memberPath, StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                File.Move(file.LocalPath, destination, overwrite: true);
                found = true;
                throw new MemberFoundSignal();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (MemberFoundSignal)
        {
            // The member is written: the rest of the container is not read.
        }

        return found;
    }

    /// <summary>Ends the reading once the member is written.</summary>
    private sealed class MemberFoundSignal : Exception
    {
    }
}
