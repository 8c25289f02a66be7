using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace FileSearch.Aws.Signing;

/// <summary>Where signing credentials come from. The default is the AWS SDK's credential chain.</summary>
public interface IAwsCredentialsSource
{
    Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The AWS SDK's default chain: environment variables, shared profile, web identity, container and
/// EC2 instance roles (https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html).
/// </summary>
public sealed class DefaultAwsCredentialsSource : IAwsCredentialsSource
{
    private readonly Lazy<AWSCredentials> _credentials = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials());

    public async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        await _credentials.Value.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>Fixed credentials (tests, or keys given explicitly in configuration).</summary>
public sealed class StaticAwsCredentialsSource(string accessKey, string secretKey, string? sessionToken = null) : IAwsCredentialsSource
{
    private readonly ImmutableCredentials _credentials = new(accessKey, secretKey, sessionToken);

    public Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => Task.FromResult(_credentials);
}
