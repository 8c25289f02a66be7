using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Audit;

/// <summary>Where the audit trail is kept (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Audit";

    /// <summary>
    /// Folder of the audit files, one JSON object per line in <c>audit-yyyy-MM-dd.jsonl</c> per UTC day, private to the
    /// service account (<c>0600</c>). Default <c>{data}/audit</c>; empty keeps audit records in the log only.
    /// </summary>
    public string Directory { get; set; } = string.Empty;
}

/// <summary>
/// The audit trail as JSON lines in the data directory: each record is appended with one <c>write(2)</c> on a descriptor
/// opened with <c>O_APPEND</c> (<see cref="PosixNative.Append"/>), so threads and processes (server, CLI) add to the same
/// day's file without overwriting each other, and the record is flushed to the disk (<c>fsync(2)</c>) before the audited
/// read goes on. Concurrent records share flushes (<see cref="GroupFlush"/>): under load one flush covers every record
/// written while the previous one ran, so audited reads do not queue behind one disk flush each.
/// </summary>
public sealed class JsonLinesAuditSink(IOptions<AuditOptions> options) : IAuditSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string directory = options.Value.Directory;
    private readonly GroupFlush flushes = new(PosixNative.Flush);

    /// <summary>The file of a UTC day.</summary>
    public static string FileOf(string directory, DateTimeOffset time) =>
        Path.Combine(directory, "audit-" + time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

    public async Task WriteAsync(AuditEvent record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        PrivateDataDirectory.Create(directory);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        var path = FileOf(directory, record.Time);
        if (OperatingSystem.IsWindows())
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        PosixNative.Append(path, line);
        await flushes.FlushAsync(path).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The records kept in <paramref name="directory"/> from <paramref name="since"/> on, oldest first; lines that are
    /// not records (a torn last line after a crash) are skipped.
    /// </summary>
    public static async IAsyncEnumerable<AuditEvent> ReadAsync(
        string directory, DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            yield break;
        }

        var first = Path.GetFileName(FileOf(directory, since));
        var files = System.IO.Directory.GetFiles(directory, "audit-*.jsonl")
            .Where(f => string.CompareOrdinal(Path.GetFileName(f), first) >= 0)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (Parse(line) is { } record && record.Time >= since)
                {
                    yield return record;
                }
            }
        }
    }

    private static AuditEvent? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<AuditEvent>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
