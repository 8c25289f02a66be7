using FileSearch.Core.Ports;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// What the container readers share: member paths made safe for display (never used as file-system paths), fixed local
/// file names, and bounded copies that count the bytes really written instead of trusting declared sizes.
/// </summary>
internal static class MemberFiles
{
    /// <summary>Outcome of a bounded copy.</summary>
    public enum CopyOutcome
    {
        Written,
        OverLimit,
    }

    /// <summary>
    /// The member's path with '/' separators and <c>.</c> segments dropped, or null when it must be ignored: absolute
    /// (<c>/etc/passwd</c>, <c>\\server\share</c>), a drive letter (<c>C:</c>), a <c>..</c> segment, control characters, or nothing left.
    /// </summary>
    public static string? SafePath(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var path = raw.Replace('\\', '/');
        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
            || path.Any(c => char.IsControl(c) || c is '\uFFFD'))
        {
            return null;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                return null;
            }

            if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>A fixed local name under <paramref name="directory"/>: the member's extension is kept only when short and alphanumeric.</summary>
    public static string LocalPath(string directory, int ordinal, string memberPath)
    {
        var ext = Path.GetExtension(memberPath);
        var safe = ext.Length is > 1 and <= 9 && ext[1..].All(char.IsAsciiLetterOrDigit) ? ext.ToLowerInvariant() : string.Empty;
        return Path.Combine(directory, "member-" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture) + safe);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes of <paramref name="source"/> to a new file; reports when there were more.</summary>
    public static async Task<(CopyOutcome Outcome, long Written)> CopyBoundedAsync(
        Stream source, string localPath, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long written = 0;
        var target = new FileStream(localPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        await using (target.ConfigureAwait(false))
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (CopyOutcome.Written, written);
                }

                if (written + read > limit)
                {
                    return (CopyOutcome.OverLimit, written + read);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                written += read;
            }
        }
    }

    /// <summary>Hands one written member to the callback and removes its file whatever happens.</summary>
    public static async Task HandOutAsync(
        ContainedFile file, Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        try
        {
            await onMember(file, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file.LocalPath);
        }
    }
}
