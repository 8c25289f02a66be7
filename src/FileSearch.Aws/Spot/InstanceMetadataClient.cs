using System.Net;
using System.Text.Json;

namespace FileSearch.Aws.Spot;

/// <summary>A Spot notice: what will happen (terminate, stop, hibernate) and when.</summary>
public sealed record InterruptionNotice(string Action, DateTimeOffset Time);

/// <summary>
/// IMDSv2 client: a session token from <c>PUT /latest/api/token</c>, then token-authenticated GETs.
/// See https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html and
/// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/rebalance-recommendations.html
/// </summary>
internal sealed class InstanceMetadataClient(HttpClient http, TimeProvider time)
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(6);
    private string? _token;
    private DateTimeOffset _tokenExpires;

    public async Task<InterruptionNotice?> GetInterruptionAsync(CancellationToken cancellationToken)
    {
        var json = await GetAsync("latest/meta-data/spot/instance-action", cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return new InterruptionNotice(
            doc.RootElement.GetProperty("action").GetString() ?? "terminate",
            doc.RootElement.GetProperty("time").GetDateTimeOffset());
    }

    public async Task<DateTimeOffset?> GetRebalanceAsync(CancellationToken cancellationToken)
    {
        var json = await GetAsync("latest/meta-data/events/recommendations/rebalance", cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("noticeTime").GetDateTimeOffset();
    }

    /// <summary>Fetches a session token (also the probe that tells whether IMDS exists).</summary>
    public async Task RefreshTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "latest/api/token");
        request.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", ((int)TokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        _token = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        _tokenExpires = time.GetUtcNow() + TokenLifetime - TimeSpan.FromMinutes(5);
    }

    private async Task<string?> GetAsync(string path, CancellationToken cancellationToken)
    {
        if (_token is null || time.GetUtcNow() >= _tokenExpires)
        {
            await RefreshTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-aws-ec2-metadata-token", _token);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                await RefreshTokenAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
