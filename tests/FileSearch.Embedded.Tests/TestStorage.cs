using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Embedded.Tests;

/// <summary>Builds embedded adapters on a test data directory.</summary>
internal static class TestStorage
{
    public static readonly DateTimeOffset Start = new(2025, 1, 30, 9, 0, 0, TimeSpan.Zero);

    public static IOptions<EmbeddedStorageOptions> Options(string dataDirectory, int maxReceiveCount = 5, TimeSpan? pollInterval = null) =>
        Microsoft.Extensions.Options.Options.Create(new EmbeddedStorageOptions
        {
            DataDirectory = dataDirectory,
            MaxReceiveCount = maxReceiveCount,
            QueuePollInterval = pollInterval ?? TimeSpan.FromMilliseconds(250),
        });

    public static SqliteMessageQueue Queue(string dataDirectory, TimeProvider time, int maxReceiveCount = 5, TimeSpan? pollInterval = null) =>
        new(Options(dataDirectory, maxReceiveCount, pollInterval), time, NullLogger<SqliteMessageQueue>.Instance);

    public static SqliteMetadataStore Metadata(string dataDirectory) => new(Options(dataDirectory));

    public static FolderObjectStore Objects(string dataDirectory) => new(Options(dataDirectory), NullLogger<FolderObjectStore>.Instance);
}
