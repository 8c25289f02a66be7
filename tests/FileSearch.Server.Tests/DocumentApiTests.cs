using System.Net;
using System.Net.Http.Headers;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Server.Api;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace FileSearch.Server.Tests;

[Collection(ServerCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DocumentApiTests(ServerFixture fixture)
{
    private async Task<SearchHitDto> FindAsync(HttpClient client, string name)
    {
        var result = await (await client.GetAsync("/api/v1/search?q=&limit=50")).ReadAsync<SearchResponse>();
        return result.Hits.Single(h => h.Name == name);
    }

    [Fact]
    public async Task Get_IndexedDocument_MetadataWithLinks()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "スキャン_請求書.png");

        var document = await (await client.GetAsync($"/api/v1/documents/{hit.Id}")).ReadAsync<DocumentDto>();

        Assert.Equal("スキャン_請求書.png", document.Name);
        Assert.Equal("indexed", document.Status);
        Assert.True(document.IsImage);
        Assert.NotNull(document.Ocr);
        Assert.NotEmpty(document.Ocr!.Pages);
        Assert.Equal($"/api/v1/documents/{hit.Id}/thumbnail?size=1024", document.PreviewUrl);
        Assert.Equal($"/api/v1/documents/{hit.Id}/content", document.ContentUrl);
    }

    [Fact]
    public async Task Get_PhotoWithoutText_NoTextPagesWithoutConfidence()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "photo_office.jpg");

        var document = await (await client.GetAsync($"/api/v1/documents/{hit.Id}")).ReadAsync<DocumentDto>();

        var ocr = Assert.IsType<OcrDto>(document.Ocr);
        var page = Assert.Single(ocr.Pages);
        Assert.Equal(("no-text", (double?)null, false), (page.Status, page.Confidence, page.Weak));
        Assert.Equal(1, ocr.NoText);
        Assert.Null(ocr.Confidence);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task Get_UnknownOrMalformedId_SameNotFound(string id)
    {
        using var client = fixture.Server.Client();

        foreach (var path in new[] { "", "/text", "/thumbnail", "/content", "/similar" })
        {
            var problem = await (await client.GetAsync($"/api/v1/documents/{id}{path}")).ProblemAsync(404);
            Assert.Equal("No such document", problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Content_Download_BytesEqualTheOriginalWithJapaneseFileName()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "契約書_業務委託_2025.pdf");

        using var response = await client.GetAsync($"/api/v1/documents/{hit.Id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("契約書_業務委託_2025.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ServerFixture.Samples, "契約書_業務委託_2025.pdf")), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Content_Range_PartialContent()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "契約書_業務委託_2025.pdf");
        var original = await File.ReadAllBytesAsync(Path.Combine(ServerFixture.Samples, "契約書_業務委託_2025.pdf"));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{hit.Id}/content");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(original.AsSpan(100, 100).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(original.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task Thumbnail_BothSizes_WebpRevalidatedByEtag()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "photo_office.jpg");

        foreach (var size in new[] { 256, 1024 })
        {
            using var response = await client.GetAsync($"/api/v1/documents/{hit.Id}/thumbnail?size={size}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            using var image = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
            Assert.True(Math.Max(image.Width, image.Height) <= size, $"{image.Width}x{image.Height} for {size}");

            using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{hit.Id}/thumbnail?size={size}");
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }

        await (await client.GetAsync($"/api/v1/documents/{hit.Id}/thumbnail?size=512")).ProblemAsync(400);
    }

    [Fact]
    public async Task Thumbnail_TextFileWithNothingStored_CardDrawnOnRequestRevalidatedByEtag()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "議事録_sjis.txt");
        Assert.True(DocumentId.TryParse(hit.Id, out var id));
        var record = await fixture.Server.Services.GetRequiredService<IMetadataStore>().GetAsync(id, CancellationToken.None);
        var document = await (await client.GetAsync($"/api/v1/documents/{hit.Id}")).ReadAsync<DocumentDto>();

        Assert.Empty(record!.ThumbnailKeys);
        Assert.Equal($"/api/v1/documents/{hit.Id}/thumbnail?size=1024", document.PreviewUrl);
        foreach (var (size, width) in new[] { (256, 192), (1024, 768) })
        {
            using var response = await client.GetAsync($"/api/v1/documents/{hit.Id}/thumbnail?size={size}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            using var card = Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((width, size), (card.Width, card.Height));

            // The grey band of text files, and the name drawn in dark ink below it.
            Assert.InRange(card.Getpoint(width / 2, size / 8)[0], 89, 101);
            using var nameArea = card.Crop(width / 8, size * 45 / 100, width * 3 / 4, size * 3 / 10);
            Assert.True(nameArea.Min() < 100, "the file name is drawn");

            using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/documents/{hit.Id}/thumbnail?size={size}");
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var revalidated = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }

    [Fact]
    public async Task Text_Paged_WindowsAddUpToTheWholeText()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "議事録_sjis.txt");

        var first = await (await client.GetAsync($"/api/v1/documents/{hit.Id}/text?offset=0&length=100")).ReadAsync<DocumentTextResponse>();
        var rest = await (await client.GetAsync($"/api/v1/documents/{hit.Id}/text?offset=100&length=100000")).ReadAsync<DocumentTextResponse>();

        Assert.Equal(100, first.Length);
        Assert.Equal(first.TotalLength, first.Length + rest.Length);
        Assert.Contains("保守契約", first.Text + rest.Text, StringComparison.Ordinal);
        await (await client.GetAsync($"/api/v1/documents/{hit.Id}/text?length=0")).ProblemAsync(400);
    }

    [Fact]
    public async Task SimilarUpload_EditedCopyOfAPhoto_FindsTheOriginalFirst()
    {
        using var client = fixture.Server.Client();
        // What people do before saving a photo again: smaller, recompressed.
        using var original = Image.NewFromFile(Path.Combine(ServerFixture.Samples, "photo_office.jpg"));
        using var edited = original.Resize(0.5);
        var bytes = edited.JpegsaveBuffer(q: 70);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "コピー.jpg" } };
        var result = await (await client.PostAsync("/api/v1/similar?limit=3", form)).ReadAsync<SearchResponse>();

        Assert.Equal("photo_office.jpg", result.Hits[0].Name);
    }

    [Fact]
    public async Task SimilarUpload_NotAnImage_FieldError()
    {
        using var client = fixture.Server.Client();

        using var form = new MultipartFormDataContent { { new ByteArrayContent("これは画像ではない"u8.ToArray()), "file", "fake.jpg" } };
        var problem = await (await client.PostAsync("/api/v1/similar", form)).ProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task SimilarToDocument_Photo_ListsOtherImagesNotItself()
    {
        using var client = fixture.Server.Client();
        var hit = await FindAsync(client, "photo_office.jpg");

        var result = await (await client.GetAsync($"/api/v1/documents/{hit.Id}/similar?limit=5")).ReadAsync<SearchResponse>();

        Assert.NotEmpty(result.Hits);
        Assert.DoesNotContain(result.Hits, h => h.Id == hit.Id);
    }
}
