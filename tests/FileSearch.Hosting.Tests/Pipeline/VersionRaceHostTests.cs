using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Embedded;
using FileSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Hosting.Tests.Pipeline;

/// <summary>
/// The version race on the real embedded engines (SQLite metadata, Lucene with MeCab, the folder store, the real
/// extractors): two processors built by the host's own registration, so they share every store but not the per-document
/// lock, as two instances of a fleet share OpenSearch and DynamoDB. Each round races two versions of one file.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class VersionRaceHostTests : IDisposable
{
    private const int Rounds = 30;
    private readonly TempDirectory _temp = new("fs-version-race");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ProcessAsync_TwoProcessorsRacingVersionsOnRealEngines_IndexFollowsTheMetadataWinner()
    {
        var share = Directory.CreateDirectory(_temp.Combine("share")).FullName;
        var builder = FileSearchHost.CreateBuilder(new CliContext(_temp.Combine("data"), Verbose: false), LogLevel.Warning);
        var factory = builder.Services.Last(d => d.ServiceType == typeof(DocumentProcessor)).ImplementationFactory!;
        using var host = builder.Build();
        var objects = host.Services.GetRequiredService<FolderObjectStore>();
        await objects.RegisterBucketAsync("share", share, readOnly: true, CancellationToken.None);
        var first = (DocumentProcessor)factory(host.Services);
        var second = (DocumentProcessor)factory(host.Services);
        var metadata = host.Services.GetRequiredService<IMetadataStore>();
        var index = host.Services.GetRequiredService<ISearchIndex>();
        var random = new Random(20261206);
        var clock = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(9));

        for (var round = 0; round < Rounds; round++)
        {
            var key = $"営業/契約書{round:D2}.txt";
            var path = Path.Combine(share, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var deleteNewer = round % 3 == 2;
            await File.WriteAllTextAsync(path, $"旧版{round:D2}号 取引条件", Encoding.UTF8);
            var older = Event(FileEventKind.Created, key, clock = clock.AddMinutes(1));
            var olderRun = Task.Run(() => first.ProcessAsync(older, CancellationToken.None));
            await Task.Delay(random.Next(0, 4));
            FileEvent newer;
            if (deleteNewer)
            {
                newer = Event(FileEventKind.Deleted, key, clock = clock.AddMinutes(1));
            }
            else
            {
                await File.WriteAllTextAsync(path, $"新版{round:D2}号 取引条件", Encoding.UTF8);
                newer = Event(FileEventKind.Created, key, clock = clock.AddMinutes(1));
            }

            await Task.WhenAll(olderRun, Task.Run(() => second.ProcessAsync(newer, CancellationToken.None)));

            var record = await metadata.GetAsync(newer.DocumentId, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal(newer.Version, record.Version);
            var oldHits = await index.SearchAsync(new SearchQuery($"旧版{round:D2}号"), CancellationToken.None);
            Assert.DoesNotContain(oldHits.Hits, h => h.Id == newer.DocumentId);
            if (deleteNewer)
            {
                Assert.Equal(DocumentStatus.Deleted, record.Status);
                Assert.DoesNotContain((await index.SearchAsync(new SearchQuery("取引条件") { Limit = 100 }, CancellationToken.None)).Hits,
                    h => h.Id == newer.DocumentId);
            }
            else
            {
                Assert.Equal(DocumentStatus.Indexed, record.Status);
                var newHits = await index.SearchAsync(new SearchQuery($"新版{round:D2}号"), CancellationToken.None);
                Assert.Single(newHits.Hits, h => h.Id == newer.DocumentId);
            }
        }

        await host.StopAsync();
    }

    private static FileEvent Event(FileEventKind kind, string key, DateTimeOffset time) =>
        new(kind, "share", key, kind == FileEventKind.Deleted ? null : 40, time, Sequencer: null);
}
