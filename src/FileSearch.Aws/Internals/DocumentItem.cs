using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using FileSearch.Core.Domain;
using FileSearch.Core.Security;

namespace FileSearch.Aws.Internals;

/// <summary>Maps a <see cref="DocumentRecord"/> to a DynamoDB item and back (see docs/deploy-aws.md for the table design).</summary>
internal static class DocumentItem
{
    public const string Id = "id";
    public const string Bucket = "bucket";
    public const string Key = "key";
    public const string OriginalPath = "originalPath";
    public const string Status = "status";

    /// <summary>The file a member or attachment was read from; absent for a file.</summary>
    public const string ParentId = "parentId";

    /// <summary>
    /// A member's <see cref="Key"/> and <see cref="OriginalPath"/> (its file's) are stored under these names instead, so
    /// members stay out of the sparse <c>bucket-key</c>, <c>object-key</c> and <c>original-path</c> indexes: an archive of
    /// 10,000 members then costs no index writes there, and a lookup by path reads its file only. Items written before
    /// carry <see cref="Key"/>; readers skip them by <see cref="ParentId"/>.
    /// </summary>
    public const string MemberKey = "memberKey";

    /// <inheritdoc cref="MemberKey"/>
    public const string MemberOriginalPath = "memberOriginalPath";

    /// <summary>Sortable form of the sequencer: 3-digit length then the hex digits, so string order is numeric order.</summary>
    public const string SequencerKey = "seqKey";

    /// <summary>UTC ticks of the event time (0 when unknown): the fallback order when either side has no sequencer.</summary>
    public const string VersionTicks = "versionTicks";

    public static string SortableSequencer(string sequencer)
    {
        var hex = sequencer.TrimStart('0').ToUpperInvariant();
        return hex.Length.ToString("D3", CultureInfo.InvariantCulture) + hex;
    }

    public static Dictionary<string, AttributeValue> ToItem(DocumentRecord r)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Id] = S(r.Id.Value),
            [Bucket] = S(r.Bucket),
            [r.ParentId is null ? Key : MemberKey] = S(r.Key),
            ["name"] = S(r.Name),
            ["kind"] = S(r.Kind.ToString()),
            ["size"] = N(r.Size),
            [Status] = S(r.Status.ToString()),
            ["thumbnailKeys"] = new AttributeValue { L = r.ThumbnailKeys.Select(S).ToList() },
            ["textLength"] = N(r.TextLength),
            ["truncated"] = new AttributeValue { BOOL = r.Truncated },
            ["vectorPending"] = new AttributeValue { BOOL = r.VectorPending },
            ["createdAt"] = S(Time(r.CreatedAt)),
            ["updatedAt"] = S(Time(r.UpdatedAt)),
            [VersionTicks] = N(r.EventTime?.UtcTicks ?? 0),
            ["interruptions"] = N(r.Interruptions),
        };
        Optional(item, r.ParentId is null ? OriginalPath : MemberOriginalPath, r.OriginalPath);
        Optional(item, "mimeType", r.MimeType);
        Optional(item, "vectorModel", r.VectorModel);
        Optional(item, "activeStage", r.ActiveStage);

        // Member ids as one string of 32-character ids: half the size of a list attribute, within DynamoDB's 400 KB item.
        Optional(item, "childIds", r.ChildIds.Count == 0 ? null : string.Concat(r.ChildIds.Select(c => c.Value)));
        Optional(item, ParentId, r.ParentId?.Value);
        Optional(item, "memberPath", r.MemberPath);
        Optional(item, "etag", r.ETag);
        Optional(item, "contentSha256", r.ContentSha256);
        Optional(item, "textSignature", r.TextSignature);
        Optional(item, "versionId", r.VersionId);
        Optional(item, "sequencer", r.Sequencer);
        Optional(item, SequencerKey, string.IsNullOrEmpty(r.Sequencer) ? null : SortableSequencer(r.Sequencer));
        Optional(item, "eventTime", r.EventTime is { } e ? Time(e) : null);
        Optional(item, "lastModified", r.LastModified is { } m ? Time(m) : null);
        Optional(item, "failureReason", r.FailureReason);
        Optional(item, "extractionMethod", r.ExtractionMethod);
        Optional(item, "text", r.Text);
        Optional(item, "ocr", r.Ocr?.ToJson());
        // DocumentPermissions.ToJson; absent = no permission information (not the same as nobody).
        Optional(item, "permissions", r.Permissions?.ToJson());
        if (r.PageCount is { } pages)
        {
            item["pageCount"] = N(pages);
        }

        if (r.OcrConfidence is { } confidence)
        {
            item["ocrConfidence"] = new AttributeValue { N = confidence.ToString("R", CultureInfo.InvariantCulture) };
        }

        return item;
    }

    public static DocumentRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        _ = DocumentId.TryParse(Str(item, Id), out var id);
        return new DocumentRecord
        {
            Id = id,
            Bucket = Str(item, Bucket)!,
            Key = (Str(item, Key) ?? Str(item, MemberKey))!,
            OriginalPath = Str(item, OriginalPath) ?? Str(item, MemberOriginalPath),
            Name = Str(item, "name")!,
            Kind = Enum.TryParse<FileKind>(Str(item, "kind"), out var kind) ? kind : FileKind.Unknown,
            MimeType = Str(item, "mimeType"),
            Size = Long(item, "size") ?? 0,
            ETag = Str(item, "etag"),
            ContentSha256 = Str(item, "contentSha256"),
            TextSignature = Str(item, "textSignature"),
            VersionId = Str(item, "versionId"),
            Sequencer = Str(item, "sequencer"),
            EventTime = ParseTime(Str(item, "eventTime")),
            LastModified = ParseTime(Str(item, "lastModified")),
            Status = Enum.TryParse<DocumentStatus>(Str(item, Status), out var status) ? status : DocumentStatus.Processing,
            FailureReason = Str(item, "failureReason"),
            PageCount = (int?)Long(item, "pageCount"),
            OcrConfidence = item.TryGetValue("ocrConfidence", out var c) && c.N is not null ? double.Parse(c.N, CultureInfo.InvariantCulture) : null,
            ThumbnailKeys = item.TryGetValue("thumbnailKeys", out var t) && t.L is not null ? t.L.Select(v => v.S).ToList() : [],
            TextLength = (int)(Long(item, "textLength") ?? 0),
            Truncated = item.TryGetValue("truncated", out var b) && b.BOOL == true,
            VectorPending = item.TryGetValue("vectorPending", out var v) && v.BOOL == true,
            VectorModel = Str(item, "vectorModel"),
            ActiveStage = Str(item, "activeStage"),
            ChildIds = ChildIds(Str(item, "childIds")),
            ParentId = Str(item, ParentId) is { } parent
                ? DocumentId.TryParse(parent, out var parentId) ? parentId : throw new InvalidDataException($"parentId holds a malformed document id '{parent}'")
                : null,
            MemberPath = Str(item, "memberPath"),
            Interruptions = (int)(Long(item, "interruptions") ?? 0),
            ExtractionMethod = Str(item, "extractionMethod"),
            Text = Str(item, "text"),
            Ocr = OcrSummary.FromJson(Str(item, "ocr")),
            Permissions = DocumentPermissions.FromJson(Str(item, "permissions")),
            CreatedAt = ParseTime(Str(item, "createdAt")) ?? DateTimeOffset.UnixEpoch,
            UpdatedAt = ParseTime(Str(item, "updatedAt")) ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>DynamoDB's largest item: 400 KB, attribute names and values together.</summary>
    public const int MaxItemBytes = 400 * 1024;

    /// <summary>Bytes of a member id in <c>childIds</c> (32 hex characters, no separator).</summary>
    public const int ChildIdBytes = 32;

    /// <summary>
    /// An upper bound of the size DynamoDB counts for <paramref name="item"/>: each attribute name's and string's UTF-8
    /// bytes, a number's digits plus one (DynamoDB stores about one byte per two digits), one byte for a boolean or null,
    /// and three bytes plus one per element for a list or map.
    /// </summary>
    public static long Size(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Size(a.Value));
    }

    private static long Size(AttributeValue value) => value switch
    {
        { S: { } s } => Encoding.UTF8.GetByteCount(s),
        { N: { } n } => n.Length + 1,
        { L: { Count: > 0 } list } => 3 + list.Sum(e => 1 + Size(e)),
        { M: { Count: > 0 } map } => 3 + map.Sum(e => 1 + Encoding.UTF8.GetByteCount(e.Key) + Size(e.Value)),
        { B: { } b } => b.Length,
        _ => 3,
    };

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    public static string CutUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int lo = 0, hi = Math.Min(text.Length, maxBytes);
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Encoding.UTF8.GetByteCount(text.AsSpan(0, mid)) <= maxBytes)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (lo > 0 && char.IsHighSurrogate(text[lo - 1]))
        {
            lo--;
        }

        return text[..lo];
    }

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    // DynamoDB refused empty strings for years (and dynalite still may): an empty optional value is simply not stored.
    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            item[name] = S(value);
        }
    }

    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string? Str(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;

    private static long? Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is not null ? long.Parse(v.N, CultureInfo.InvariantCulture) : null;

    private static DocumentId[] ChildIds(string? joined)
    {
        if (string.IsNullOrEmpty(joined))
        {
            return [];
        }

        var ids = new DocumentId[joined.Length / 32];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!DocumentId.TryParse(joined.Substring(i * 32, 32), out ids[i]))
            {
                throw new InvalidDataException($"childIds holds a malformed document id at position {i}");
            }
        }

        return ids;
    }
}
