using System.Globalization;
using System.Xml.Linq;
using FileSearch.Core.Errors;
using FileSearch.Scaling.Internals;

namespace FileSearch.Scaling.Scaler;

/// <summary>One statistic of one metric for GetMetricData.</summary>
/// <param name="Id">Short name of the query, unique in the request (lower-case letter first).</param>
/// <param name="Namespace">Metric namespace, e.g. <c>AWS/SQS</c>.</param>
/// <param name="MetricName">Metric name, e.g. <c>ApproximateAgeOfOldestMessage</c>.</param>
/// <param name="Dimensions">The metric's dimensions, all of those it was published with.</param>
/// <param name="Period">Granularity of the datapoints (a multiple of 60 s).</param>
/// <param name="Stat">Statistic: <c>Maximum</c>, <c>Sum</c>, <c>Average</c>, ...</param>
public sealed record MetricQuery(string Id, string Namespace, string MetricName, IReadOnlyList<KeyValuePair<string, string>> Dimensions, TimeSpan Period, string Stat);

/// <summary>One datapoint: the start of its period and the statistic's value.</summary>
public sealed record MetricDatapoint(DateTimeOffset Timestamp, double Value);

/// <summary>
/// The Amazon CloudWatch Query API's GetMetricData (form-encoded POST, <c>Version=2010-08-01</c>) over an HttpClient
/// whose handler signs with SigV4 for service <c>monitoring</c>
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html,
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html).
/// </summary>
public sealed class CloudWatchClient(HttpClient http, Uri endpoint)
{
    private const string Version = "2010-08-01";
    private const int MaxPages = 10;

    /// <summary>
    /// GetMetricData for the queries between <paramref name="start"/> (inclusive) and <paramref name="end"/>: each query's
    /// datapoints by its id, newest first (a query without data has an empty list). Follows <c>NextToken</c>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricDatapoint>>> GetMetricDataAsync(
        IReadOnlyList<MetricQuery> queries, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("StartTime", Timestamp(start)),
            new("EndTime", Timestamp(end)),
            new("ScanBy", "TimestampDescending"),
        };
        for (var i = 0; i < queries.Count; i++)
        {
            parameters.AddRange(QueryParameters($"MetricDataQueries.member.{i + 1}.", queries[i]));
        }

        var results = queries.ToDictionary(q => q.Id, _ => new List<MetricDatapoint>(), StringComparer.Ordinal);
        string? nextToken = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var xml = await AwsQueryApi.CallAsync(http, endpoint, "CloudWatch", "cloudwatch", Version, "GetMetricData",
                nextToken is null ? parameters : [.. parameters, new("NextToken", nextToken)], cancellationToken).ConfigureAwait(false);
            var result = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "GetMetricDataResult")
                ?? throw ProcessingException.Permanent("cloudwatch-bad-response", "CloudWatch GetMetricData response lacks GetMetricDataResult");
            foreach (var member in AwsQueryApi.Child(result, "MetricDataResults")?.Elements() ?? [])
            {
                if (AwsQueryApi.Child(member, "Id")?.Value is { } id && results.TryGetValue(id, out var points))
                {
                    points.AddRange(Datapoints(member));
                }
            }

            nextToken = AwsQueryApi.Child(result, "NextToken")?.Value;
            if (string.IsNullOrEmpty(nextToken))
            {
                break;
            }
        }

        return results.ToDictionary(r => r.Key, r => (IReadOnlyList<MetricDatapoint>)[.. r.Value.OrderByDescending(p => p.Timestamp)], StringComparer.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string>> QueryParameters(string prefix, MetricQuery query)
    {
        yield return new(prefix + "Id", query.Id);
        yield return new(prefix + "MetricStat.Metric.Namespace", query.Namespace);
        yield return new(prefix + "MetricStat.Metric.MetricName", query.MetricName);
        for (var d = 0; d < query.Dimensions.Count; d++)
        {
            yield return new($"{prefix}MetricStat.Metric.Dimensions.member.{d + 1}.Name", query.Dimensions[d].Key);
            yield return new($"{prefix}MetricStat.Metric.Dimensions.member.{d + 1}.Value", query.Dimensions[d].Value);
        }

        yield return new(prefix + "MetricStat.Period", ((int)query.Period.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        yield return new(prefix + "MetricStat.Stat", query.Stat);
        yield return new(prefix + "ReturnData", "true");
    }

    private static IEnumerable<MetricDatapoint> Datapoints(XElement member)
    {
        // Timestamps.member.N and Values.member.N pair up by position.
        var timestamps = AwsQueryApi.Child(member, "Timestamps")?.Elements().Select(e => ParseTimestamp(e.Value)).ToList() ?? [];
        var values = AwsQueryApi.Child(member, "Values")?.Elements().Select(e => double.Parse(e.Value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList() ?? [];
        if (timestamps.Count != values.Count)
        {
            throw ProcessingException.Permanent("cloudwatch-bad-response", $"CloudWatch returned {timestamps.Count} timestamps for {values.Count} values");
        }

        return timestamps.Zip(values, (t, v) => new MetricDatapoint(t, v));
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // The Query protocol writes timestamps as ISO 8601; epoch seconds are accepted too.
    private static DateTimeOffset ParseTimestamp(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
