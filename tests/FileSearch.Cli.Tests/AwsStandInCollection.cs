using FileSearch.Testing.StandIns;

namespace FileSearch.Cli.Tests;

/// <summary>The tests that share one pair of AWS stand-ins (<see cref="AwsStandIns"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AwsStandInCollection : ICollectionFixture<AwsStandIns>
{
    public const string Name = "AWS stand-ins";
}
