using System.Text;
using FileSearch.Core.Errors;
using FileSearch.Search.OpenSearch.Internals;

namespace FileSearch.Search.OpenSearch;

public sealed partial class OpenSearchSearchIndex
{
    /// <summary>Sends the buffer as one <c>_bulk</c>; throttled items are sent again with back-off, bounded by MaxAttempts.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken).ConfigureAwait(false);
        var batch = _pending.ToList();
        _pending.Clear();
        _pendingBytes = 0;
        var rejected = new List<BulkItemResult>();
        var unmapped = new List<(string Id, string Lines)>();
        var delay = _options.RetryDelay;
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            var body = new StringBuilder();
            foreach (var (_, lines) in batch)
            {
                body.Append(lines);
            }

            Log.BulkSent(_logger, batch.Count, body.Length);
            var (status, response) = await _transport.SendNdJsonAsync(
                $"/{_target}/_bulk?refresh={_options.Refresh}", body.ToString(), cancellationToken).ConfigureAwait(false);
            ThrowUnlessSuccess(status, response, "bulk");
            var items = ResponseParser.BulkItems(response!);
            var throttled = new List<(string Id, string Lines)>();
            for (var i = 0; i < batch.Count && i < items.Count; i++)
            {
                var item = items[i];
                if (item.IsThrottled)
                {
                    throttled.Add(batch[i]);
                }
                else if (!item.IsSuccess && IsMissingVersionMapping(item))
                {
                    unmapped.Add(batch[i]);
                }
                else if (!item.IsSuccess)
                {
                    Log.BulkItemRejected(_logger, batch[i].Id, item.ErrorType, item.ErrorReason);
                    rejected.Add(item with { Id = batch[i].Id });
                }
            }

            batch = throttled;
            if (batch.Count == 0)
            {
                break;
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw ProcessingException.Retryable("index-throttled",
                    $"OpenSearch kept rejecting {batch.Count} documents for load after {attempt} attempts (first: {batch[0].Id})");
            }

            Log.BulkThrottled(_logger, batch.Count, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }

        if (unmapped.Count > 0)
        {
            // An index created before entries carried their version or parent link: add the fields to its mapping once, then resend.
            await AddVersionMappingAsync(cancellationToken).ConfigureAwait(false);
            _pending.AddRange(unmapped);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (rejected.Count > 0)
        {
            var first = rejected[0];
            throw ProcessingException.Permanent("index-document-rejected",
                $"OpenSearch rejected document {first.Id} ({first.ErrorType}: {first.ErrorReason})"
                + (rejected.Count > 1 ? $" and {rejected.Count - 1} more" : string.Empty));
        }
    }

    private bool IsMissingVersionMapping(BulkItemResult item) =>
        !_versionMappingAdded && item.ErrorType == "strict_dynamic_mapping_exception"
        && item.ErrorReason is { } reason && (reason.Contains("version_", StringComparison.Ordinal)
            || reason.Contains("parent_id", StringComparison.Ordinal) || reason.Contains("member_path", StringComparison.Ordinal));

    private async Task AddVersionMappingAsync(CancellationToken cancellationToken)
    {
        var (status, body) = await _transport.SendAsync(HttpMethod.Put, $"/{_target}/_mapping",
            IndexTemplate.VersionMapping(), cancellationToken).ConfigureAwait(false);
        ThrowUnlessSuccess(status, body, "mapping update");
        _versionMappingAdded = true;
        Log.VersionMappingAdded(_logger, _target);
    }
}
