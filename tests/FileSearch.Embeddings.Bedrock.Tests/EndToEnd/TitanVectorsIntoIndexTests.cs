using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FileSearch.Aws.Signing;
using FileSearch.Core.DependencyInjection;
using FileSearch.Core.Domain;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Extraction;
using FileSearch.Search.Lucene;
using FileSearch.Search.OpenSearch;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Embeddings.Bedrock.Tests.EndToEnd;

/// <summary>
/// AWS mode, images: a queue message for a JPEG runs through the real pipeline (download, detect, extract, thumbnail,
/// embed, index) with the Bedrock adapter signing InvokeModel against the emulator; the vector the index stores is the
/// emulator's answer, L2-normalised — in the Lucene vector log and in the OpenSearch <c>_bulk</c> body (1024-d knn_vector).
/// </summary>
[Trait("Category", "Integration")]
public sealed class TitanVectorsIntoIndexTests : IAsyncLifetime
{
    private const string Bucket = "photos";
    private readonly TempDirectory _temp = new("fs-titan-e2e");
    private BedrockEmulator _bedrock = null!;

    public async Task InitializeAsync() => _bedrock = await BedrockEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _bedrock.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Worker_JpegWithBedrockAndLucene_StoredVectorIsEmulatorAnswerNormalised()
    {
        var settings = new Dictionary<string, string?> { ["Lucene:IndexDirectory"] = _temp.Combine("index") };
        await using (var provider = Compose(settings, (s, c) => s.AddLuceneSearchIndex(c)))
        {
            await RunAsync(provider, "team/office.jpg");
            var expected = Normalised(Assert.Single(_bedrock.Answers));
            var index = provider.GetRequiredService<ISearchIndex>();

            var hit = Assert.Single((await index.SearchAsync(new SearchQuery(string.Empty) { Vector = expected }, CancellationToken.None)).Hits);

            Assert.Equal(DocumentId.From(Bucket, "team/office.jpg"), hit.Id);
            Assert.Equal(1.0, hit.Score, 5);
        }

        var (id, stored) = Assert.Single(ReadVectorLog(_temp.Combine("index")));
        Assert.Equal(DocumentId.From(Bucket, "team/office.jpg").Value, id, ignoreCase: true);
        AssertSameVector(Normalised(_bedrock.Answers.Single()), stored);
    }

    [Fact]
    public async Task Worker_JpegWithBedrockAndOpenSearch_BulkBodyHolds1024dKnnVectorOfEmulatorAnswer()
    {
        await using var sink = await OpenSearchSink.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["OpenSearch:Endpoint"] = sink.Endpoint.ToString(),
            ["OpenSearch:VectorDimension"] = "1024",
        };
        await using var provider = Compose(settings, (s, c) => s.AddOpenSearchIndex(c));

        await RunAsync(provider, "team/office.jpg");

        var create = Assert.Single(sink.Requests, r => r.Method == "PUT");
        var mapping = JsonNode.Parse(create.Body)!["mappings"]!["properties"]!["vector"]!;
        Assert.Equal(("knn_vector", 1024), (mapping["type"]!.GetValue<string>(), mapping["dimension"]!.GetValue<int>()));
        var bulk = Assert.Single(sink.Requests, r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        var lines = bulk.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The pipeline's writes carry the file's version: a scripted update that keeps a newer entry, its source in params.doc.
        Assert.Equal(DocumentId.From(Bucket, "team/office.jpg").Value, JsonNode.Parse(lines[0])!["update"]!["_id"]!.GetValue<string>());
        var vector = JsonNode.Parse(lines[1])!["script"]!["params"]!["doc"]!["vector"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(1024, vector.Length);
        AssertSameVector(Normalised(Assert.Single(_bedrock.Answers)), vector);
        Assert.Null(Assert.Single(_bedrock.Requests).SignatureProblem);
    }

    private ServiceProvider Compose(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> addIndex)
    {
        settings["Pipeline:TempDirectory"] = _temp.Combine("tmp");
        settings["Bedrock:Region"] = _bedrock.Region;
        settings["Bedrock:Endpoint"] = _bedrock.Endpoint.ToString();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAwsCredentialsSource>(new StaticAwsCredentialsSource("AKID", "SECRET"));
        services.AddSingleton<IMessageQueue>(new InMemoryMessageQueue(TimeProvider.System));
        services.AddSingleton<IObjectStore>(new InMemoryObjectStore(TimeProvider.System));
        services.AddSingleton<IMetadataStore>(new InMemoryMetadataStore());
        services.AddBedrockEmbeddings(configuration);
        services.AddFileSearchPipeline(configuration);
        services.AddDocumentExtraction(configuration);
        addIndex(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Uploads a noise JPEG, sends its event and lets the worker run until the queue is idle.</summary>
    private async Task RunAsync(ServiceProvider provider, string key)
    {
        using var image = BedrockImageEmbedderTests.Noise(640, 480);
        ((InMemoryObjectStore)provider.GetRequiredService<IObjectStore>()).Put(Bucket, key, image.JpegsaveBuffer(q: 85));
        var queue = provider.GetRequiredService<IMessageQueue>();
        await queue.SendAsync($$"""{"eventType":"FILE_UPLOADED","s3Bucket":"{{Bucket}}","s3Key":"{{key}}","fileSize":1,"uploadedAt":"2025-01-30T12:00:00Z"}""", CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));

        await provider.GetRequiredService<QueueWorker>().RunUntilIdleAsync(timeout.Token);

        var counts = await queue.GetCountsAsync(CancellationToken.None);
        Assert.Equal((0L, 0L, 0L), (counts.Visible, counts.InFlight, counts.DeadLettered));
        var record = await provider.GetRequiredService<IMetadataStore>().GetAsync(DocumentId.From(Bucket, key), CancellationToken.None);
        Assert.Equal(DocumentStatus.Indexed, record?.Status);
    }

    /// <summary>Equal up to float rounding (normalised in the adapter and again by the index; JSON round trip).</summary>
    private static void AssertSameVector(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-6f, $"vectors differ by up to {worst}");
    }

    private static float[] Normalised(float[] vector)
    {
        var result = new float[vector.Length];
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), result);
        return result;
    }

    /// <summary>
    /// Reads the Lucene adapter's vector log: FSVEC02 magic and an 8-byte compaction generation (FSVEC01: magic only),
    /// then op, 16-byte id, length, floats per put.
    /// </summary>
    private static List<(string Id, float[] Vector)> ReadVectorLog(string directory)
    {
        var bytes = File.ReadAllBytes(Path.Combine(directory, "filesearch-vectors.log"));
        var magic = System.Text.Encoding.ASCII.GetString(bytes, 0, 8);
        Assert.Contains(magic, new[] { "FSVEC01\n", "FSVEC02\n" });
        var puts = new List<(string, float[])>();
        for (var at = magic == "FSVEC02\n" ? 16 : 8; at < bytes.Length;)
        {
            Assert.Equal(1, bytes[at]);
            var id = Convert.ToHexString(bytes, at + 1, 16);
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 17));
            puts.Add((id, MemoryMarshal.Cast<byte, float>(bytes.AsSpan(at + 21, length * 4)).ToArray()));
            at += 21 + (length * 4);
        }

        return puts;
    }
}
