using FileSearch.Aws.Signing;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Search.OpenSearch.Tests;

internal static class Sut
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static OpenSearchOptions Options(Action<OpenSearchOptions>? configure = null)
    {
        var options = new OpenSearchOptions
        {
            Endpoint = new Uri("https://search-test.ap-northeast-1.es.amazonaws.com"),
            VectorDimension = 3,
            RetryDelay = TimeSpan.Zero,
        };
        configure?.Invoke(options);
        return options;
    }

    public static OpenSearchSearchIndex Create(
        RecordingHandler handler, Action<OpenSearchOptions>? configure = null, bool sign = false, ILogger<OpenSearchSearchIndex>? logger = null)
    {
        var options = Options(configure);
        var time = new FakeTimeProvider(Now);
        HttpMessageHandler pipeline = sign
            ? new SigV4SigningHandler(new StaticAwsCredentialsSource("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                options.Service, options.Region, time)
            { InnerHandler = handler }
            : handler;
        return new OpenSearchSearchIndex(new HttpClient(pipeline), Microsoft.Extensions.Options.Options.Create(options), time,
            logger ?? NullLogger<OpenSearchSearchIndex>.Instance);
    }

    public static IndexDocument Document(string key, string text = "営業報告書 第3四半期", float[]? vector = null) => new()
    {
        Id = DocumentId.From("docs", key),
        Bucket = "docs",
        Key = key,
        Name = Path.GetFileName(key),
        Path = "/share/" + key,
        Kind = FileKind.Pdf,
        Size = 1234,
        Modified = new DateTimeOffset(2025, 12, 1, 8, 0, 0, TimeSpan.Zero),
        Indexed = Now,
        Text = text,
        Vector = vector is null ? null : vector,
    };
}
