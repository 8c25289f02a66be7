using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class S3ObjectStoreConformanceTests(AwsStandIns standIns) : ObjectStoreConformanceTests
{
    protected override bool RejectsUnsafeKeys => false;

    protected override async Task<(IObjectStore Store, string Bucket)> CreateStoreAsync()
    {
        var bucket = AwsStandIns.UniqueName("b");
        await standIns.Setup.CreateBucketAsync(bucket, Ct);
        return (new S3ObjectStore(standIns.S3, Options.Create(standIns.Options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance), bucket);
    }
}
