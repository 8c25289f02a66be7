using System.Runtime.CompilerServices;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using FileSearch.Aws.Internals;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws;

/// <summary>
/// <see cref="IMetadataStore"/> on DynamoDB. Partition key <c>id</c> (the document id); global secondary indexes
/// <c>bucket-key</c> (list a bucket in key order), <c>status</c> (counts), <c>original-path</c> and <c>object-key</c>
/// (lookups). The version check of <see cref="DocumentVersion"/> is a condition expression, so two workers racing on
/// one document cannot let the older event win. Text longer than <see cref="AwsOptions.MaxInlineTextBytes"/> (items are
/// capped at 400 KB) is stored whole in S3 (<see cref="AwsOptions.TextBucket"/> under <see cref="AwsOptions.TextPrefix"/>)
/// with a pointer in the item, read back by every lookup and deleted with the record; without an S3 client or text
/// bucket it is cut and the record marked truncated. The inline limit shrinks by what the rest of the item takes (the
/// member ids of an archive), so a record never exceeds the item size; <c>Pipeline:MaxChildDocuments</c> is held to
/// <see cref="MaxChildDocuments"/> at start so the member ids always fit.
/// </summary>
public sealed class DynamoDbMetadataStore : IMetadataStore
{
    public const string BucketKeyIndex = "bucket-key";
    public const string StatusIndex = "status";
    public const string OriginalPathIndex = "original-path";
    public const string ObjectKeyIndex = "object-key";

    /// <summary>Most members one file may have on DynamoDB: their ids (32 bytes each) and the rest of the record fit one item.</summary>
    public const int MaxChildDocuments = 10_000;

    /// <summary>Conditional list writes tried before the list is merged by reading and putting the record.</summary>
    private const int MaxChildIdRounds = 5;

    private readonly IAmazonDynamoDB _db;
    private readonly AwsOptions _options;
    private readonly ILogger _logger;
    private readonly IAmazonS3? _s3;
    private readonly S3TextStore? _texts;

    public DynamoDbMetadataStore(IAmazonDynamoDB db, IOptions<AwsOptions> options, ILogger<DynamoDbMetadataStore> logger, IAmazonS3? s3 = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = db;
        _options = options.Value;
        _logger = logger;
        _s3 = s3;
        _texts = s3 is not null && !string.IsNullOrEmpty(_options.TextBucket) ? new S3TextStore(s3, _options.TextBucket, _options.TextPrefix) : null;
    }

    private string Table => _options.TableName;

    public async Task<DocumentRecord?> GetAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var response = await _db.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { [DocumentItem.Id] = DocumentItem.S(id.Value) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? await ToRecordAsync(item, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task<WriteOutcome> PutAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        string? textKey = null;
        var item = DocumentItem.ToItem(record);
        var size = DocumentItem.Size(item);
        if (record.Text is { } text && Encoding.UTF8.GetByteCount(text) is var textBytes && Inline(size - textBytes) is var inline && textBytes > inline)
        {
            if (_texts is not null)
            {
                textKey = _texts.KeyFor(record);
                await _texts.PutAsync(textKey, text, cancellationToken).ConfigureAwait(false);
                Log.TextInS3(_logger, record.Id.Value, textBytes, _texts.Bucket, textKey);
                record = record with { Text = null };
                item = DocumentItem.ToItem(record);
                item[S3TextStore.BucketAttribute] = DocumentItem.S(_texts.Bucket);
                item[S3TextStore.KeyAttribute] = DocumentItem.S(textKey);
            }
            else
            {
                Log.TextCut(_logger, record.Id.Value, textBytes, inline);
                record = record with { Text = DocumentItem.CutUtf8(text, inline), Truncated = true };
                item = DocumentItem.ToItem(record);
            }

            size = DocumentItem.Size(item);
        }

        if (size > DocumentItem.MaxItemBytes)
        {
            throw ProcessingException.Permanent("metadata-too-large",
                $"The record of {record.Key} needs {size:N0} bytes even without its text, over DynamoDB's {DocumentItem.MaxItemBytes:N0}-byte item "
                + $"({record.ChildIds.Count:N0} members; Pipeline:MaxChildDocuments)");
        }

        var values = new Dictionary<string, AttributeValue> { [":vt"] = DocumentItem.N(record.EventTime?.UtcTicks ?? 0) };
        var names = new Dictionary<string, string> { ["#id"] = DocumentItem.Id, ["#vt"] = DocumentItem.VersionTicks };
        string condition;
        // Mirrors DocumentVersion.CompareTo: sequencers decide when both sides have one, event times otherwise.
        if (!string.IsNullOrEmpty(record.Sequencer))
        {
            names["#seq"] = DocumentItem.SequencerKey;
            values[":seq"] = DocumentItem.S(DocumentItem.SortableSequencer(record.Sequencer));
            condition = "attribute_not_exists(#id) OR (attribute_exists(#seq) AND #seq <= :seq) OR (attribute_not_exists(#seq) AND #vt <= :vt)";
        }
        else
        {
            condition = "attribute_not_exists(#id) OR #vt <= :vt";
        }

        try
        {
            var response = await _db.PutItemAsync(new PutItemRequest
            {
                TableName = Table,
                Item = item,
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken).ConfigureAwait(false);
            await DeleteTextAsync(response.Attributes, keep: textKey, cancellationToken).ConfigureAwait(false);
            return WriteOutcome.Written;
        }
        catch (ConditionalCheckFailedException)
        {
            // The stored version is newer; its text lives under its own versioned key, so this one is an orphan.
            if (textKey is not null)
            {
                await S3TextStore.DeleteAsync(_s3!, _texts!.Bucket, textKey, cancellationToken).ConfigureAwait(false);
            }

            return WriteOutcome.Stale;
        }
    }

    /// <summary>
    /// The most text bytes a record may keep in its item: <see cref="AwsOptions.MaxInlineTextBytes"/>, at most what
    /// the <paramref name="rest"/> of the item (an archive's member ids above all) leaves of DynamoDB's 400 KB, with room for the pointer
    /// to an S3 copy.
    /// </summary>
    private int Inline(long rest)
    {
        const int pointer = 1024;
        return (int)Math.Clamp(DocumentItem.MaxItemBytes - rest - pointer, 0, _options.MaxInlineTextBytes);
    }

    public Task<WriteOutcome> SetActiveStageAsync(DocumentId id, DocumentVersion version, string? stage, CancellationToken cancellationToken) =>
        UpdateProcessingAsync(id, version, "#as", "activeStage", stage is null ? null : DocumentItem.S(stage), cancellationToken);

    /// <summary>
    /// One <c>UpdateItem</c> of <c>childIds</c>. The PROCESSING record's inline text was sized for the list it had when it was put,
    /// so a list grown past what the item has left (DynamoDB refuses the update) is written by reading and putting the record,
    /// which moves the text to S3 (or cuts it) as every put does.
    /// </summary>
    public async Task<WriteOutcome> SetChildIdsAsync(DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> childIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childIds);
        try
        {
            return await UpdateProcessingAsync(id, version, "#ci", "childIds", Joined(childIds), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException" && ex.Message.Contains("size", StringComparison.OrdinalIgnoreCase))
        {
            Log.ChildIdsRewritten(_logger, id.Value, childIds.Count);
            var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            return stored is { Status: DocumentStatus.Processing } && stored.Version.CompareTo(version) == 0
                ? await PutAsync(stored with { ChildIds = childIds }, cancellationToken).ConfigureAwait(false)
                : WriteOutcome.Stale;
        }
    }

    /// <summary>
    /// One <c>UpdateItem</c> of <c>childIds</c> on the condition that it still holds <paramref name="known"/>; when another
    /// attempt at the version changed it meanwhile, the stored list is read and the update tried again on it, so neither
    /// attempt's ids are lost. A list grown past what the item has left is written by reading and putting the record, as
    /// <see cref="SetChildIdsAsync"/> does.
    /// </summary>
    public async Task<WriteOutcome> AddChildIdsAsync(
        DocumentId id, DocumentVersion version, IReadOnlyList<DocumentId> known, IReadOnlyList<DocumentId> added, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(added);
        for (var round = 1; ; round++)
        {
            var full = false;
            try
            {
                if (await UpdateProcessingAsync(id, version, "#ci", "childIds", Joined(IMetadataStore.MergeChildIds(known, added)), cancellationToken,
                    (Joined(known), true)).ConfigureAwait(false) == WriteOutcome.Written)
                {
                    return WriteOutcome.Written;
                }
            }
            catch (AmazonDynamoDBException ex) when (ex.ErrorCode == "ValidationException" && ex.Message.Contains("size", StringComparison.OrdinalIgnoreCase))
            {
                Log.ChildIdsRewritten(_logger, id.Value, known.Count + added.Count);
                full = true;
            }

            // The condition failed (another attempt added ids, or the record is no longer this attempt's) or the item is full.
            var stored = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (stored is not { Status: DocumentStatus.Processing } || stored.Version.CompareTo(version) != 0)
            {
                return WriteOutcome.Stale;
            }

            if (full || round >= MaxChildIdRounds)
            {
                return await PutAsync(stored with { ChildIds = IMetadataStore.MergeChildIds(stored.ChildIds, added) }, cancellationToken).ConfigureAwait(false);
            }

            known = stored.ChildIds;
        }
    }

    private static AttributeValue? Joined(IReadOnlyList<DocumentId> ids) => ids.Count == 0 ? null : DocumentItem.S(string.Concat(ids.Select(c => c.Value)));

    /// <summary>Sets (or, for null, removes) one attribute of a PROCESSING record at exactly <paramref name="version"/>.</summary>
    /// <param name="id">The record.</param>
    /// <param name="version">The attempt's version.</param>
    /// <param name="name">The attribute's placeholder.</param>
    /// <param name="attribute">The attribute.</param>
    /// <param name="value">Its new value; null removes it.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <param name="current">When set (<c>Check</c>), the update is also conditional on the attribute holding <c>Value</c> (null: absent).</param>
    private async Task<WriteOutcome> UpdateProcessingAsync(
        DocumentId id, DocumentVersion version, string name, string attribute, AttributeValue? value, CancellationToken cancellationToken,
        (AttributeValue? Value, bool Check) current = default)
    {
        var names = new Dictionary<string, string> { ["#id"] = DocumentItem.Id, ["#st"] = DocumentItem.Status, [name] = attribute, ["#vt"] = DocumentItem.VersionTicks };
        var values = new Dictionary<string, AttributeValue>
        {
            [":processing"] = DocumentItem.S(DocumentStatus.Processing.ToString()),
            [":vt"] = DocumentItem.N(version.EventTime?.UtcTicks ?? 0),
        };
        // Exactly this version: the same event time and the same sequencer (or none on both sides).
        var condition = "attribute_exists(#id) AND #st = :processing AND #vt = :vt";
        names["#seq"] = "sequencer";
        if (string.IsNullOrEmpty(version.Sequencer))
        {
            condition += " AND attribute_not_exists(#seq)";
        }
        else
        {
            values[":seq"] = DocumentItem.S(version.Sequencer);
            condition += " AND #seq = :seq";
        }

        if (value is not null)
        {
            values[":value"] = value;
        }

        if (current.Check)
        {
            condition += current.Value is null ? $" AND attribute_not_exists({name})" : $" AND {name} = :current";
            if (current.Value is not null)
            {
                values[":current"] = current.Value;
            }
        }

        try
        {
            await _db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = Table,
                Key = new() { [DocumentItem.Id] = DocumentItem.S(id.Value) },
                UpdateExpression = value is null ? $"REMOVE {name}" : $"SET {name} = :value",
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken).ConfigureAwait(false);
            return WriteOutcome.Written;
        }
        catch (ConditionalCheckFailedException)
        {
            return WriteOutcome.Stale;
        }
    }

    public async Task RemoveAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var response = await _db.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = Table,
            Key = new() { [DocumentItem.Id] = DocumentItem.S(id.Value) },
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        await DeleteTextAsync(response.Attributes, keep: null, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<DocumentRecord> ListByBucketAsync(string bucket, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAsync(BucketKeyIndex, DocumentItem.Bucket, bucket, cancellationToken).ConfigureAwait(false))
        {
            // Files only: a member shares its file's key (the index projects every attribute).
            if (item.ContainsKey(DocumentItem.ParentId))
            {
                continue;
            }

            yield return await ToRecordAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DocumentRecord?> FindByPathAsync(string pathOrKey, CancellationToken cancellationToken)
    {
        foreach (var (index, attribute) in new[] { (OriginalPathIndex, DocumentItem.OriginalPath), (ObjectKeyIndex, DocumentItem.Key) })
        {
            await foreach (var item in QueryAsync(index, attribute, pathOrKey, cancellationToken).ConfigureAwait(false))
            {
                if (DocumentId.TryParse(item[DocumentItem.Id].S, out var id) && await GetAsync(id, cancellationToken).ConfigureAwait(false) is { ParentId: null } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Queries the <c>status</c> index, then reads each item from the table (the index is eventually consistent
    /// and the reindexer needs the full record, text included).
    /// </summary>
    public async IAsyncEnumerable<DocumentRecord> ListByStatusAsync(DocumentStatus status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAsync(StatusIndex, DocumentItem.Status, status.ToString(), cancellationToken).ConfigureAwait(false))
        {
            if (DocumentId.TryParse(item[DocumentItem.Id].S, out var id)
                && await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
                && record.Status == status)
            {
                yield return record;
            }
        }
    }

    public async Task<IReadOnlyDictionary<DocumentStatus, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<DocumentStatus, long>();
        foreach (var status in Enum.GetValues<DocumentStatus>())
        {
            long count = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await _db.QueryAsync(WithCount(Query(StatusIndex, DocumentItem.Status, status.ToString(), start)), cancellationToken).ConfigureAwait(false);
                count += page.Count ?? 0;
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
            counts[status] = count;
        }

        return counts;
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(string index, string attribute, string value, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await _db.QueryAsync(Query(index, attribute, value, start), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private static QueryRequest WithCount(QueryRequest request)
    {
        request.Select = Select.COUNT;
        return request;
    }

    private QueryRequest Query(string index, string attribute, string value, Dictionary<string, AttributeValue>? start) => new()
    {
        TableName = Table,
        IndexName = index,
        KeyConditionExpression = "#a = :v",
        ExpressionAttributeNames = new() { ["#a"] = attribute },
        ExpressionAttributeValues = new() { [":v"] = DocumentItem.S(value) },
        ExclusiveStartKey = start,
    };

    private async Task<DocumentRecord> ToRecordAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var record = DocumentItem.FromItem(item);
        return TextPointer(item) is var (bucket, key) && _s3 is not null
            ? record with { Text = await S3TextStore.GetAsync(_s3, bucket, key, cancellationToken).ConfigureAwait(false) }
            : record;
    }

    private async Task DeleteTextAsync(Dictionary<string, AttributeValue>? old, string? keep, CancellationToken cancellationToken)
    {
        if (old is not null && TextPointer(old) is var (bucket, key) && key != keep && _s3 is not null)
        {
            await S3TextStore.DeleteAsync(_s3, bucket, key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (string Bucket, string Key)? TextPointer(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(S3TextStore.BucketAttribute, out var b) && item.TryGetValue(S3TextStore.KeyAttribute, out var k) && b.S is not null && k.S is not null
            ? (b.S, k.S)
            : null;
}
