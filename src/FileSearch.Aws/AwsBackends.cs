namespace FileSearch.Aws;

/// <summary>Which ports use an AWS adapter.</summary>
[Flags]
public enum AwsBackends
{
    None = 0,

    /// <summary>SQS as the message queue.</summary>
    Queue = 1,

    /// <summary>S3 as the object store.</summary>
    ObjectStore = 2,

    /// <summary>DynamoDB as the metadata store.</summary>
    Metadata = 4,
}
