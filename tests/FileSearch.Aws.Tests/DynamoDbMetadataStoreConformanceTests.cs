using FileSearch.Core.Ports;
using FileSearch.Testing.Conformance;
using FileSearch.Testing.StandIns;

namespace FileSearch.Aws.Tests;

[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class DynamoDbMetadataStoreConformanceTests(AwsStandIns standIns) : MetadataStoreConformanceTests
{
    protected override async Task<IMetadataStore> CreateStoreAsync() => await standIns.NewMetadataStoreAsync();
}
