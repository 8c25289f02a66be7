using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class DynamoDbMetadataStoreConformanceTests(AwsStandIns standIns) : MetadataStoreConformanceTests
{
    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        var options = standIns.With(table: AwsStandIns.UniqueName("t"));
        await standIns.Setup.CreateTableAsync(options.TableName, Ct);
        return new DynamoDbMetadataStore(standIns.DynamoDb, Options.Create(options), NullLogger<DynamoDbMetadataStore>.Instance);
    }
}
