using FileSearch.Core.Errors;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Scaler;

/// <summary>Reads this instance's id from the EC2 instance metadata service with an IMDSv2 session token
/// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html).</summary>
public sealed class InstanceMetadata(HttpClient http, IOptions<ScalerOptions> options)
{
    private string? _instanceId;

    public async Task<string> GetInstanceIdAsync(CancellationToken cancellationToken)
    {
        if (_instanceId is { } known)
        {
            return known;
        }

        var root = options.Value.InstanceMetadataEndpoint;
        try
        {
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri(root, "latest/api/token"));
            tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "21600");
            using var tokenResponse = await http.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
            tokenResponse.EnsureSuccessStatusCode();
            var token = await tokenResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

            using var idRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "latest/meta-data/instance-id"));
            idRequest.Headers.Add("X-aws-ec2-metadata-token", token);
            using var idResponse = await http.SendAsync(idRequest, cancellationToken).ConfigureAwait(false);
            idResponse.EnsureSuccessStatusCode();
            _instanceId = (await idResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            return _instanceId;
        }
        catch (HttpRequestException ex)
        {
            throw ProcessingException.Retryable("imds-unavailable", $"Instance metadata service at {root} did not answer ({ex.Message}); is this an EC2 instance?", ex);
        }
    }
}
