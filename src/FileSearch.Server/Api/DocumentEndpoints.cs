using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FileSearch.Server.Api;

/// <summary><c>/api/v1/documents/{id}</c> and its text, thumbnail, original and similar images; <c>POST /api/v1/similar</c>.</summary>
public static partial class DocumentEndpoints
{
    public const string UploadRateLimit = "upload";

    public static RouteGroupBuilder MapDocumentEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var documents = api.MapGroup("/documents/{id}");
        documents.MapGet("/", GetAsync).WithName("GetDocument").WithSummary("A document's metadata and OCR summary")
            .Produces<DocumentDto>().ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/text", TextAsync).WithName("GetDocumentText")
            .WithSummary("A document's extracted text, paged, with the matches of q marked")
            .Produces<DocumentTextResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/thumbnail", ThumbnailAsync).WithName("GetThumbnail").WithSummary("The 256 or 1024 pixel preview (WebP)")
            .Produces(StatusCodes.Status200OK, contentType: "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/content", ContentAsync).WithName("GetContent").WithSummary("The original file (Range requests supported, also from S3)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/similar", SimilarToAsync).WithName("GetSimilar").WithSummary("The nearest indexed images")
            .RequireRateLimiting(SearchEndpoints.SearchRateLimit)
            .Produces<SearchResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/similar", UploadSimilarAsync).WithName("SimilarToUpload")
            .WithSummary("Upload an image (multipart field 'file') and get the nearest indexed images")
            .DisableAntiforgery()
            .RequireRateLimiting(UploadRateLimit)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<SearchResponse>().ProducesValidationProblem();
        return api;
    }

    private static IResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document");

    private static async Task<IResult> GetAsync(string id, HttpContext context, DocumentAccess access, UncMapper unc, PlaceholderCards cards)
    {
        var record = await access.FindAsync(id, context.Caller(), AuditAction.Metadata, context.RequestAborted).ConfigureAwait(false);
        return record is null ? NotFound() : TypedResults.Ok(Dtos.Document(record, unc, cards.Enabled));
    }

    private static async Task<IResult> TextAsync(string id, HttpContext context, DocumentAccess access, ISearchIndex index, IOptions<ServerOptions> options)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = context.Request.Query;
        var offset = SearchRequests.Int(query, "offset", 0, 0, int.MaxValue, errors);
        var length = SearchRequests.Int(query, "length", Math.Min(20_000, options.Value.MaxTextChars), 1, options.Value.MaxTextChars, errors);
        var q = query["q"].ToString();
        if (q.Length > options.Value.MaxQueryLength)
        {
            errors["q"] = [$"The query is longer than {options.Value.MaxQueryLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var record = await access.FindAsync(id, context.Caller(), AuditAction.Text, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return NotFound();
        }

        var text = record.Text ?? string.Empty;
        var (start, end) = Slice(text, offset, length);
        var slice = text[start..end];
        IReadOnlyList<TextRange> highlights = [];
        if (!string.IsNullOrWhiteSpace(q) && slice.Length > 0)
        {
            highlights = Dtos.Highlight(await index.HighlightAsync(q, slice, context.RequestAborted).ConfigureAwait(false)).Highlights;
        }

        return TypedResults.Ok(new DocumentTextResponse(record.Id.Value, start, slice.Length, text.Length, slice, highlights));
    }

    /// <summary>A window of the text that never splits a surrogate pair.</summary>
    internal static (int Start, int End) Slice(string text, int offset, int length)
    {
        var start = Math.Min(offset, text.Length);
        if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        var end = (int)Math.Min((long)start + length, text.Length);
        if (end > start && end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end--;
        }

        return (start, end);
    }

    private static async Task<IResult> ThumbnailAsync(
        string id, HttpContext context, DocumentAccess access, IObjectStore objects, PlaceholderCards cards, IOptions<PipelineOptions> pipeline)
    {
        var sizeText = context.Request.Query["size"].ToString();
        var size = sizeText.Length == 0 ? "256" : sizeText;
        if (size is not ("256" or "1024"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = ["Thumbnails are 256 or 1024 pixels."] });
        }

        var record = await access.FindAsync(id, context.Caller(), AuditAction.Thumbnail, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return NotFound();
        }

        var key = record.ThumbnailKeys.FirstOrDefault(k => Path.GetFileNameWithoutExtension(k) == size);
        if (key is null)
        {
            return await CardAsync(context, record, size, cards).ConfigureAwait(false);
        }

        var info = await objects.GetInfoAsync(pipeline.Value.ThumbnailBucket, key, context.RequestAborted).ConfigureAwait(false);
        if (info is null)
        {
            return await CardAsync(context, record, size, cards).ConfigureAwait(false);
        }

        var stream = await objects.OpenReadAsync(pipeline.Value.ThumbnailBucket, key, context.RequestAborted).ConfigureAwait(false);
        // Private: permissions are per user, a shared cache must not keep it.
        context.Response.Headers.CacheControl = "private, max-age=3600";
        var contentType = Path.GetExtension(key).Equals(".jpg", StringComparison.OrdinalIgnoreCase) ? "image/jpeg" : "image/webp";
        return TypedResults.Stream(stream, contentType, lastModified: info.LastModified, entityTag: Tag(record, size));
    }

    /// <summary>
    /// The placeholder card of a document without a stored preview, drawn now (nothing is stored for it at ingest). A
    /// revalidation that still matches is answered 304 without drawing.
    /// </summary>
    private static async Task<IResult> CardAsync(HttpContext context, DocumentRecord record, string size, PlaceholderCards cards)
    {
        if (!cards.Enabled)
        {
            return NotFound();
        }

        var tag = Tag(record, "card-" + size);
        context.Response.Headers.CacheControl = "private, max-age=3600";
        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match && match.Any(m => m.Compare(tag, useStrongComparison: false)))
        {
            context.Response.Headers.ETag = tag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var card = await cards.RenderAsync(record.Kind, record.Name, int.Parse(size, CultureInfo.InvariantCulture), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Bytes(card.Data, card.ContentType, lastModified: record.UpdatedAt, entityTag: tag);
    }

    private static async Task<IResult> ContentAsync(
        string id, HttpContext context, DocumentAccess access, IObjectStore objects, DocumentOriginals originals, TempWorkspace workspace)
    {
        var record = await access.FindAsync(id, context.Caller(), AuditAction.Original, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return NotFound();
        }

        Stream stream;
        try
        {
            stream = record.IsMember
                ? await OpenMemberAsync(record, originals, workspace, context.RequestAborted).ConfigureAwait(false)
                : await objects.OpenReadAsync(record.Bucket, record.Key, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ProcessingException ex) when (ex.Code == "object-not-found")
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The original is no longer in storage");
        }

        // S3 streams cannot seek: for a Range request, a view that reads only the range (a ranged GET) from the known size.
        if (!stream.CanSeek && objects is IRangeReadableObjectStore ranged && context.Request.Headers.Range.Count > 0
            && await objects.GetInfoAsync(record.Bucket, record.Key, context.RequestAborted).ConfigureAwait(false) is { } info)
        {
            stream = new RangedObjectStream(ranged, record.Bucket, record.Key, info.Size, stream);
        }

        context.Response.Headers.CacheControl = "private, no-cache";
        var contentType = record.MimeType ?? record.Kind.MimeType();
        var downloadName = record.MemberPath is { } member ? member[(member.LastIndexOfAny(['/', '›']) + 1)..].Trim() : record.Name;
        return TypedResults.Stream(stream, contentType, fileDownloadName: downloadName, lastModified: record.LastModified,
            entityTag: Tag(record, "content"), enableRangeProcessing: stream.CanSeek);
    }

    /// <summary>
    /// A member's original, read out of its file into a private folder: the open stream is all that is left of it, as the
    /// folder is removed before the response is written (the file stays readable through the open handle), so nothing
    /// remains on disk whatever happens to the request. Seekable, so Range requests are served.
    /// </summary>
    private static async Task<Stream> OpenMemberAsync(DocumentRecord record, DocumentOriginals originals, TempWorkspace workspace, CancellationToken cancellationToken)
    {
        var folder = workspace.CreateFolder();
        try
        {
            var path = await originals.FetchAsync(record, folder, cancellationToken).ConfigureAwait(false);
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        }
        finally
        {
            TempWorkspace.DeleteFolder(folder);
        }
    }

    private static async Task<IResult> SimilarToAsync(string id, HttpContext context, DocumentAccess access, ISearchIndex index, UncMapper unc,
        IOptions<ServerOptions> options, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = SearchRequests.Int(context.Request.Query, "limit", 12, 1, options.Value.MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var record = await access.FindAsync(id, context.Caller(), AuditAction.Similar, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return NotFound();
        }

        var query = new SearchQuery(string.Empty, null, limit) { SimilarTo = record.Id, Visibility = Visibility.Of(context.Caller()) };
        return TypedResults.Ok(await SimilarAsync(index, query, unc, time, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> UploadSimilarAsync(HttpContext context, ISearchIndex index, IImageEmbedder embedder, IFileTypeDetector detector,
        UncMapper unc, IOptions<ServerOptions> options, IOptions<PipelineOptions> pipeline, TimeProvider time, ILogger<ServerOptions> logger, AuditLog audit)
    {
        var settings = options.Value;
        if (!context.Request.HasFormContentType)
        {
            return Invalid("file", "Send the image as multipart/form-data in the field 'file'.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var file = form.Files.GetFile("file");
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = SearchRequests.Int(context.Request.Query, "limit", 12, 1, settings.MaxPageSize, errors);
        if (file is null || file.Length == 0)
        {
            errors["file"] = ["Choose an image file."];
        }
        else if (file.Length > settings.MaxUploadBytes)
        {
            errors["file"] = [$"The image is larger than {settings.MaxUploadBytes / (1 << 20)} MiB."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var visibility = Visibility.Of(context.Caller());
        var folder = Directory.CreateDirectory(Path.Combine(pipeline.Value.TempDirectory.Length > 0 ? pipeline.Value.TempDirectory : Path.GetTempPath(), "uploads"));
        var temp = Path.Combine(folder.FullName, Guid.NewGuid().ToString("N"));
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var stream = new FileStream(temp, create);
            await using (stream.ConfigureAwait(false))
            {
                await file!.CopyToAsync(stream, context.RequestAborted).ConfigureAwait(false);
            }

            var detected = await detector.DetectAsync(temp, Path.GetFileName(file.FileName), context.RequestAborted).ConfigureAwait(false);
            if (!detected.ByContent || !detected.Kind.IsImage())
            {
                return Invalid("file", "The file is not an image (JPEG, PNG, WebP, TIFF, GIF or HEIC).");
            }

            if (embedder.Dimension == 0 || !embedder.CanEmbed(detected.Kind))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Image search is not configured",
                    detail: "No image embedder is configured (Backends:Embedder).");
            }

            try
            {
                ImageHeaders.Read(temp, settings.MaxUploadPixels, logger);
            }
            catch (ProcessingException ex) when (ex.Kind == FailureKind.Permanent)
            {
                return Invalid("file", ex.Code == "image-too-large"
                    ? $"The image has more than {settings.MaxUploadPixels:N0} pixels."
                    : "The image could not be read.");
            }

            var query = await embedder.WithImageAsync(new SearchQuery(string.Empty, null, limit) { Visibility = visibility }, temp, detected.Kind,
                context.RequestAborted).ConfigureAwait(false);
            if (query is null)
            {
                return Invalid("file", "No image vector could be computed for this file.");
            }

            if (AuditLog.Audits(context.Caller(), AuditAction.Similar))
            {
                await audit.RecordAsync(context.Caller(), AuditAction.Similar, "upload:" + Path.GetFileName(file.FileName), AuditOutcome.Allowed,
                    "images similar to an uploaded image; admins see every document", context.RequestAborted).ConfigureAwait(false);
            }

            return TypedResults.Ok(await SimilarAsync(index, query, unc, time, context.RequestAborted).ConfigureAwait(false));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<SearchResponse> SimilarAsync(ISearchIndex index, SearchQuery query, UncMapper unc, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        SearchResults results;
        try
        {
            results = await index.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessingException ex) when (ex.Code == "no-vector")
        {
            // Not an image, or indexed without an embedder: nothing looks like it.
            results = new SearchResults(0, []);
        }

        return Dtos.Search(query, results, time.GetElapsedTime(started), unc);
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static EntityTagHeaderValue Tag(DocumentRecord record, string variant) =>
        new($"\"{record.Id.Value}-{record.UpdatedAt.UtcTicks:x}-{variant}\"");
}
