using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction;

/// <summary>
/// Reads the attachments of mail as members: .eml with MimeKit (file names from Content-Disposition / Content-Type, RFC 2047
/// and RFC 2231 encodings such as ISO-2022-JP decoded; an attached message becomes <c>{subject}.eml</c>), Outlook .msg with
/// NPOI (<c>PR_ATTACH_DATA_BIN</c> of each attachment storage; an embedded message or OLE object has no bytes and is noted
/// <c>unreadable</c>). Names are flattened (path separators become '_') and made unique within the mail (<c>a.pdf</c>,
/// <c>a (2).pdf</c>). The same guards as archives: <see cref="ExtractionOptions.MaxArchiveMembers"/>,
/// <see cref="ExtractionOptions.MaxMemberBytes"/> and the shared budget. A mail that does not parse is permanent <c>corrupt-mail</c>.
/// </summary>
public sealed class MailAttachmentReader(IOptions<ExtractionOptions> options, ILogger<MailAttachmentReader> logger) : IContainerReader
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanRead(FileKind kind) => kind is FileKind.Eml or FileKind.Msg;

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
        var run = new MailRun(workDirectory, budget, onMember, _options);
        try
        {
            if (kind == FileKind.Eml)
            {
                await ReadEmlAsync(run, filePath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReadMsgAsync(run, filePath, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FormatException or ParseException or InvalidDataException or ArgumentOutOfRangeException
            or IndexOutOfRangeException or EndOfStreamException || (ex is IOException && ex is not FileNotFoundException))
        {
            throw ProcessingException.Permanent("corrupt-mail", $"Mail file is damaged or not a valid {kind.ShortName()} message: {ex.Message}", ex);
        }

        Log.MailAttachmentsRead(logger, filePath, run.Members, run.Skipped.Count);
        return new ContainerSummary(run.Members, run.Skipped);
    }

    private static async Task ReadEmlAsync(MailRun run, string filePath, CancellationToken cancellationToken)
    {
        _ = JapaneseEncodings.ShiftJis; // registers ISO-2022-JP and Shift_JIS for MimeKit
        using var message = await MimeMessage.LoadAsync(filePath, cancellationToken).ConfigureAwait(false);
        foreach (var attachment in message.Attachments)
        {
            var (name, write) = attachment switch
            {
                MimePart { Content: not null } part => (part.FileName, (Func<Stream, CancellationToken, Task>)((s, ct) => part.Content.DecodeToAsync(s, ct))),
                MessagePart { Message: { } inner } => ((inner.Subject ?? "message") + ".eml", (s, ct) => inner.WriteToAsync(s, ct)),
                _ => (null, null),
            };
            if (write is null || !await run.AddAsync(name, write, cancellationToken).ConfigureAwait(false))
            {
                if (write is null)
                {
                    continue;
                }

                return;
            }
        }
    }

    private static async Task ReadMsgAsync(MailRun run, string filePath, CancellationToken cancellationToken)
    {
        var fs = Ole2Inspector.Open(filePath);
        try
        {
            foreach (var attachment in MsgReader.Attachments(fs.Root))
            {
                if (attachment.Data is not { } data)
                {
                    run.Skipped.Add(new SkippedMember(attachment.Name ?? "(attachment)", "unreadable",
                        "an embedded Outlook message or OLE object; its bytes are not stored as a file"));
                    continue;
                }

                if (!await run.AddAsync(attachment.Name, (s, ct) => CopyAsync(data, s, ct), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            fs.Close();
        }
    }

    /// <summary>
    /// Copies an OLE2 stream (NPOI reads the compound file in memory, synchronously); its stream throws when asked for more
    /// than is left, so each read asks for at most that.
    /// </summary>
    private static Task CopyAsync(DocumentEntry data, Stream target, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var stream = new DocumentInputStream(data);
        var buffer = new byte[81920];
        for (var left = data.Size; left > 0;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(buffer.Length, left);
            stream.ReadExactly(buffer, 0, count);
            target.Write(buffer, 0, count);
            left -= count;
        }
    }, cancellationToken);

    /// <summary>The attachments of one mail handed out so far.</summary>
    private sealed class MailRun(string workDirectory, ContainerBudget budget, Func<ContainedFile, CancellationToken, Task> onMember, ExtractionOptions options)
    {
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

        public List<SkippedMember> Skipped { get; } = [];

        public int Members { get; private set; }

        /// <summary>Writes and hands out one attachment; false when a guard stops the mail.</summary>
        public async Task<bool> AddAsync(string? name, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
        {
            var flat = (string.IsNullOrWhiteSpace(name) ? "attachment" : name.Trim()).Replace('/', '_').Replace('\\', '_');
            if (MemberFiles.SafePath(flat) is not { } path)
            {
                Skipped.Add(new SkippedMember(flat, "unsafe-path", "attachment name has control characters; ignored"));
                return true;
            }

            path = Unique(path);
            if (Members >= options.MaxArchiveMembers || !budget.TryTakeMember())
            {
                Skipped.Add(new SkippedMember(path, "too-many-members", "more attachments than Extraction:MaxArchiveMembers or Pipeline:MaxChildDocuments"));
                return false;
            }

            var limit = Math.Min(options.MaxMemberBytes, budget.RemainingBytes);
            var local = MemberFiles.LocalPath(workDirectory, Members + Skipped.Count + 1, path);
            long written;
            var target = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (target.ConfigureAwait(false))
            {
                var bounded = new LimitedWriteStream(target, limit);
                await write(bounded, cancellationToken).ConfigureAwait(false);
                written = bounded.Written;
            }

            budget.AddBytes(Math.Min(written, limit));
            if (written > limit)
            {
                File.Delete(local);
                var code = limit == options.MaxMemberBytes ? "member-too-large" : "expanded-size";
                Skipped.Add(new SkippedMember(path, code, $"attachment is larger than {limit:N0} bytes (Extraction:MaxMemberBytes or Pipeline:MaxChildBytes); not read"));
                return code == "member-too-large";
            }

            Members++;
            await MemberFiles.HandOutAsync(new ContainedFile(path, local, written, null), onMember, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private string Unique(string path)
        {
            var candidate = path;
            for (var n = 2; !_names.Add(candidate); n++)
            {
                candidate = $"{Path.GetFileNameWithoutExtension(path)} ({n}){Path.GetExtension(path)}";
            }

            return candidate;
        }
    }
}
