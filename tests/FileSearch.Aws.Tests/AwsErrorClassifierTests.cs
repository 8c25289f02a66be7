using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Errors;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Unit")]
public class AwsErrorClassifierTests
{
    public static TheoryData<Exception, FailureKind, string> Cases => new()
    {
        // Throttling, whatever the service calls it.
        { Sqs("ThrottlingException", HttpStatusCode.BadRequest), FailureKind.Retryable, "throttled" },
        { Sqs("RequestThrottled", HttpStatusCode.Forbidden), FailureKind.Retryable, "throttled" },
        { S3("SlowDown", HttpStatusCode.ServiceUnavailable), FailureKind.Retryable, "throttled" },
        { Dynamo("ProvisionedThroughputExceededException", HttpStatusCode.BadRequest), FailureKind.Retryable, "throttled" },
        { new ProvisionedThroughputExceededException("capacity") { StatusCode = HttpStatusCode.BadRequest }, FailureKind.Retryable, "throttled" },
        { Dynamo("RequestLimitExceeded", HttpStatusCode.BadRequest), FailureKind.Retryable, "throttled" },
        { Service("TooManyRequestsException", HttpStatusCode.TooManyRequests), FailureKind.Retryable, "throttled" },
        { Service(null, HttpStatusCode.TooManyRequests), FailureKind.Retryable, "throttled" },
        { Service("Unknown", HttpStatusCode.ServiceUnavailable), FailureKind.Retryable, "throttled" },
        { new HttpRequestException("429", null, HttpStatusCode.TooManyRequests), FailureKind.Retryable, "throttled" },
        { new HttpRequestException("503", null, HttpStatusCode.ServiceUnavailable), FailureKind.Retryable, "throttled" },

        // Transient: 5xx, timeouts, broken connections, DNS.
        { S3("InternalError", HttpStatusCode.InternalServerError), FailureKind.Retryable, "server-error" },
        { Dynamo("InternalServerError", HttpStatusCode.InternalServerError), FailureKind.Retryable, "server-error" },
        { S3("RequestTimeout", HttpStatusCode.BadRequest), FailureKind.Retryable, "server-error" },
        { Sqs("Weird", HttpStatusCode.BadGateway), FailureKind.Retryable, "server-error" },
        { new AmazonClientException("dns", new HttpRequestException("no such host", new SocketException((int)SocketError.HostNotFound))), FailureKind.Retryable, "network" },
        { new AmazonClientException("endpoint unreachable"), FailureKind.Retryable, "network" },
        { new SocketException((int)SocketError.ConnectionReset), FailureKind.Retryable, "network" },
        { new HttpRequestException("reset", new IOException("connection reset")), FailureKind.Retryable, "network" },
        { new TaskCanceledException("HttpClient.Timeout", new TimeoutException("100 s")), FailureKind.Retryable, "timeout" },
        { new AmazonServiceException("dropped", new IOException("eof")), FailureKind.Retryable, "io" },
        { new AmazonServiceException("no answer"), FailureKind.Retryable, "aws-error" },

        // Permanent: missing resources, denied access, invalid input.
        { S3("NoSuchKey", HttpStatusCode.NotFound), FailureKind.Permanent, "object-not-found" },
        { S3("NoSuchBucket", HttpStatusCode.NotFound), FailureKind.Permanent, "bucket-not-found" },
        { S3(null, HttpStatusCode.NotFound), FailureKind.Permanent, "object-not-found" },
        { S3("AccessDenied", HttpStatusCode.Forbidden), FailureKind.Permanent, "access-denied" },
        { Dynamo("AccessDeniedException", HttpStatusCode.BadRequest), FailureKind.Permanent, "access-denied" },
        { S3("Other", HttpStatusCode.Forbidden), FailureKind.Permanent, "access-denied" },
        { Dynamo("ValidationException", HttpStatusCode.BadRequest), FailureKind.Permanent, "invalid-input" },
        { Dynamo("ResourceNotFoundException", HttpStatusCode.BadRequest), FailureKind.Permanent, "object-not-found" },
        { Sqs("AWS.SimpleQueueService.NonExistentQueue", HttpStatusCode.BadRequest), FailureKind.Permanent, "object-not-found" },
        { Sqs("InvalidParameterValue", HttpStatusCode.BadRequest), FailureKind.Permanent, "invalid-input" },

        // Receipt handles no longer valid: the queue adapter ignores these on delete and visibility changes.
        { new ReceiptHandleIsInvalidException("The input receipt handle is invalid."), FailureKind.Permanent, "stale-receipt" },
        { new MessageNotInflightException("not in flight"), FailureKind.Permanent, "stale-receipt" },
        { Sqs("AWS.SimpleQueueService.MessageNotInflight", HttpStatusCode.BadRequest), FailureKind.Permanent, "stale-receipt" },
        {
            new AmazonSQSException("Value abc for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.")
            { ErrorCode = "InvalidParameterValue", StatusCode = HttpStatusCode.BadRequest },
            FailureKind.Permanent, "stale-receipt"
        },
        { S3("MalformedXML", HttpStatusCode.BadRequest), FailureKind.Permanent, "invalid-input" },
        { Dynamo("ConditionalCheckFailedException", HttpStatusCode.BadRequest), FailureKind.Permanent, "aws-error" },
        { new InvalidDataException("bad"), FailureKind.Permanent, "invalid-input" },

        // Wrappers and the pipeline's own exceptions.
        { new AggregateException(S3("SlowDown", HttpStatusCode.ServiceUnavailable)), FailureKind.Retryable, "throttled" },
        { new InvalidOperationException("wrapped", S3("NoSuchKey", HttpStatusCode.NotFound)), FailureKind.Permanent, "object-not-found" },
        { ProcessingException.Permanent("corrupt-pdf", "bad"), FailureKind.Permanent, "corrupt-pdf" },
        { new InvalidOperationException("bug"), FailureKind.Retryable, "unexpected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_RealSdkAndHttpExceptions_ExpectedKindAndCode(Exception exception, FailureKind kind, string code)
    {
        var result = new AwsErrorClassifier().Classify(exception);

        Assert.Equal((kind, code), (result.Kind, result.Code));
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void AddAwsBackends_AfterPipelineDefault_ReplacesDefaultClassifier()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IErrorClassifier, DefaultErrorClassifier>();

        services.AddAwsBackends(new ConfigurationBuilder().Build(), AwsBackends.Queue);
        services.AddAwsBackends(new ConfigurationBuilder().Build(), AwsBackends.Queue);

        var registered = Assert.Single(services, d => d.ServiceType == typeof(IErrorClassifier));
        Assert.Equal(typeof(AwsErrorClassifier), registered.ImplementationType);
    }

    [Fact]
    public void AddAwsBackends_CustomClassifier_Kept()
    {
        var custom = new AwsErrorClassifier();
        var services = new ServiceCollection();
        services.AddSingleton<IErrorClassifier>(custom);

        services.AddAwsBackends(new ConfigurationBuilder().Build(), AwsBackends.ObjectStore);

        Assert.Same(custom, Assert.Single(services, d => d.ServiceType == typeof(IErrorClassifier)).ImplementationInstance);
    }

    [Fact]
    public void AddAwsBackends_ThenResilience_AwsDependenciesPacedAdaptivelyUnlessConfiguredOff()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:ObjectStore:AdaptiveRateLimit"] = "false",
        }).Build();
        var services = new ServiceCollection();

        services.AddAwsBackends(configuration, AwsBackends.Queue | AwsBackends.ObjectStore);
        services.AddFileSearchResilience(configuration);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<DependencyResilienceOptions>>();
        Assert.Equal((true, false, false),
            (options.Get(ResilienceDependencies.Queue).AdaptiveRateLimit, options.Get(ResilienceDependencies.ObjectStore).AdaptiveRateLimit,
                options.Get(ResilienceDependencies.Metadata).AdaptiveRateLimit));
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(2, 2)]
    public void CreateClients_MaxErrorRetry_SdkRetriesAsConfigured(int? configured, int expected)
    {
        var options = new AwsOptions { Region = "ap-northeast-1" };
        if (configured is { } value)
        {
            options.MaxErrorRetry = value;
        }

        using var sqs = (AmazonSQSClient)AwsServiceCollectionExtensions.CreateSqs(options, new BasicAWSCredentials("a", "b"));
        using var s3 = (AmazonS3Client)AwsServiceCollectionExtensions.CreateS3(options, new BasicAWSCredentials("a", "b"));
        using var dynamo = (AmazonDynamoDBClient)AwsServiceCollectionExtensions.CreateDynamoDb(options, new BasicAWSCredentials("a", "b"));

        Assert.Equal([expected, expected, expected], new[] { sqs.Config.MaxErrorRetry, s3.Config.MaxErrorRetry, dynamo.Config.MaxErrorRetry });
    }

    private static AmazonSQSException Sqs(string code, HttpStatusCode status) => new("sqs failed") { ErrorCode = code, StatusCode = status };

    private static AmazonS3Exception S3(string? code, HttpStatusCode status) => new("s3 failed") { ErrorCode = code, StatusCode = status };

    private static AmazonDynamoDBException Dynamo(string code, HttpStatusCode status) => new("dynamodb failed") { ErrorCode = code, StatusCode = status };

    private static AmazonServiceException Service(string? code, HttpStatusCode status) => new("service failed") { ErrorCode = code, StatusCode = status };
}
