using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FileSearch.Cli.Commands;
using FileSearch.Hosting;
using FileSearch.Server.Api;
using FileSearch.Testing;
using FileSearch.Testing.Data;
using Microsoft.AspNetCore.Builder;
using NetVips;

namespace FileSearch.Server.Tests;

/// <summary>
/// Archive members and mail attachments over the API, ingested as root with real engines (SharpCompress, MimeKit, libvips,
/// the image embedder, MeCab + Lucene, SQLite): each answers its metadata, text, thumbnail and original like a file, the
/// original read out of its file byte for byte, and each is readable exactly when its file is.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MemberApiTests : IAsyncLifetime, IDisposable
{
    private const string QuoteText = "御見積書\nネットワーク更改工事 合計金額 1,280,000円";
    private const string OrderText = "発注書\nサーバー保守契約 年額 360,000円";
    private readonly TempDirectory _temp = new("fs-member-api");
    private TokenServer? _server;
    private byte[] _photo = null!;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task InitializeAsync()
    {
        Assert.True(OperatingSystem.IsLinux() && Environment.UserName == "root", "the permission checks run as root on Linux (modes of real files)");
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        File.SetUnixFileMode(docs, (UnixFileMode)Convert.ToInt32("755", 8));
        _photo = await File.ReadAllBytesAsync(ContainerFiles.Photograph);
        await WriteAsync(docs, "公開_見積.zip", ContainerFiles.Zip(ContainerFiles.ShiftJis, ("見積/見積書.txt", QuoteText), ("写真/現場.jpg", _photo)), "644");
        await WriteAsync(docs, "機密_人事.zip", ContainerFiles.Zip(ContainerFiles.ShiftJis, ("人事/役員報酬.txt", "役員報酬 改定案 機密")), "600");
        await WriteAsync(docs, "発注連絡.eml", ContainerFiles.Mail("発注のご連絡", "添付の書類をご確認ください。", "発注書.txt", OrderText), "644");
        _server = await TokenServer.StartAsync(_temp, docs);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Get_Member_MetadataLinksItsFileAndItsOwnLinks()
    {
        using var client = Client("tanaka");
        var zip = await FindAsync(client, "公開_見積.zip");
        var quote = await FindAsync(client, "公開_見積.zip › 見積/見積書.txt");

        var document = await (await client.GetAsync($"/api/v1/documents/{quote.Id}")).ReadAsync<DocumentDto>();

        Assert.Equal(("公開_見積.zip › 見積/見積書.txt", "indexed", "txt"), (document.Name, document.Status, document.Type));
        Assert.Equal((zip.Id, "公開_見積.zip", "見積/見積書.txt"), (document.ParentId, document.ParentName, document.MemberPath));
        Assert.Equal(Encoding.UTF8.GetByteCount(QuoteText), document.Size);
        Assert.Equal($"/api/v1/documents/{quote.Id}/content", document.ContentUrl);
        Assert.Equal($"/api/v1/documents/{quote.Id}/thumbnail?size=1024", document.PreviewUrl);
        var text = await (await client.GetAsync($"/api/v1/documents/{quote.Id}/text")).ReadAsync<DocumentTextResponse>();
        Assert.Equal(QuoteText, text.Text);
    }

    [Fact]
    public async Task Content_Member_ExactBytesWithItsJapaneseNameAndRanges()
    {
        using var client = Client("tanaka");
        var quote = await FindAsync(client, "公開_見積.zip › 見積/見積書.txt");
        var photo = await FindAsync(client, "公開_見積.zip › 写真/現場.jpg");
        var order = await FindAsync(client, "発注連絡.eml › 発注書.txt");

        using var response = await client.GetAsync($"/api/v1/documents/{quote.Id}/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("見積書.txt", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(Encoding.UTF8.GetBytes(QuoteText), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(_photo, await client.GetByteArrayAsync($"/api/v1/documents/{photo.Id}/content"));
        Assert.Equal(Encoding.UTF8.GetBytes(OrderText), await client.GetByteArrayAsync($"/api/v1/documents/{order.Id}/content"));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{photo.Id}/content");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var ranged = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal(_photo.AsSpan(1000, 1000).ToArray(), await ranged.Content.ReadAsByteArrayAsync());
        Assert.Equal(_photo.Length, ranged.Content.Headers.ContentRange?.Length);

        // The member's private folders are gone with the responses.
        var tmp = _temp.Combine("data", "tmp");
        Assert.True(!Directory.Exists(tmp) || Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).All(f => !f.Contains("member", StringComparison.Ordinal)),
            string.Join(", ", Directory.Exists(tmp) ? Directory.EnumerateFileSystemEntries(tmp, "*", SearchOption.AllDirectories) : []));
    }

    [Fact]
    public async Task Thumbnail_ImageMemberRealPictureTextMemberCard_CopyOfThePhotographFindsTheMember()
    {
        using var client = Client("tanaka");
        var photo = await FindAsync(client, "公開_見積.zip › 写真/現場.jpg");
        var quote = await FindAsync(client, "公開_見積.zip › 見積/見積書.txt");

        foreach (var size in new[] { 256, 1024 })
        {
            using var response = await client.GetAsync($"/api/v1/documents/{photo.Id}/thumbnail?size={size}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
            using var original = Image.NewFromBuffer(_photo);
            Assert.Equal(size, Math.Max(image.Width, image.Height));
            Assert.Equal((double)original.Width / original.Height, (double)image.Width / image.Height, 2);
        }

        using var card = await client.GetAsync($"/api/v1/documents/{quote.Id}/thumbnail?size=256");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        using var drawn = Image.NewFromBuffer(await card.Content.ReadAsByteArrayAsync());
        Assert.Equal((192, 256), (drawn.Width, drawn.Height));

        // The member has an image vector: a smaller, recompressed copy of the photograph finds it first.
        using var decoded = Image.NewFromBuffer(_photo);
        using var copy = decoded.Resize(0.25);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(copy.JpegsaveBuffer(q: 70)) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "コピー.jpg" },
        };
        var similar = await (await client.PostAsync("/api/v1/similar?limit=3", form)).ReadAsync<SearchResponse>();
        Assert.Equal(photo.Id, similar.Hits[0].Id);
        Assert.Equal("写真/現場.jpg", similar.Hits[0].MemberPath);
    }

    [Fact]
    public async Task DocumentEndpoints_MemberOfAFileTheCallerMayNotRead_NotFoundLikeNoDocument()
    {
        using var root = Client("root");
        var secret = await FindAsync(root, "機密_人事.zip › 人事/役員報酬.txt");
        using var tanaka = Client("tanaka");

        Assert.DoesNotContain((await (await tanaka.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("役員報酬"))).ReadAsync<SearchResponse>()).Hits,
            h => h.Id == secret.Id);
        foreach (var path in new[] { "", "/text", "/thumbnail", "/content" })
        {
            var refused = await (await tanaka.GetAsync($"/api/v1/documents/{secret.Id}{path}")).ProblemAsync(404);
            Assert.Equal("No such document", refused.GetProperty("title").GetString());
            Assert.Equal(HttpStatusCode.OK, (await root.GetAsync($"/api/v1/documents/{secret.Id}{path}")).StatusCode);
        }
    }

    private HttpClient Client(string user, params string[] groups) => _server!.Client(user, groups);

    private static async Task<SearchHitDto> FindAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();
        return Assert.Single(result.Hits, h => h.Name == name);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task WriteAsync(string folder, string name, byte[] content, string mode)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllBytesAsync(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
    }
}
