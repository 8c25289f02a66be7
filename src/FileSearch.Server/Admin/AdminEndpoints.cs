using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Messages;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Server.Api;
using FileSearch.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FileSearch.Server.Admin;

/// <summary>Operations endpoints (admin role): status, dead letters and redrive, recent failures, reindex.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var admin = api.MapGroup("/").RequireAuthorization(ServerAuthentication.AdminPolicy);
        admin.MapGet("/status", StatusAsync).WithName("Status").WithSummary("Documents by status, queue depth, indexed per minute")
            .Produces<StatusResponse>();
        admin.MapGet("/dlq", DeadLettersAsync).WithName("DeadLetters").WithSummary("Dead-lettered messages with their reasons")
            .Produces<DeadLettersResponse>();
        admin.MapPost("/dlq/redrive", RedriveAsync).WithName("Redrive").WithSummary("Move one (messageId) or every dead-lettered message back to the queue")
            .AddEndpointFilter<AntiforgeryForCookiesFilter>()
            .Produces<RedriveResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/failures", FailuresAsync).WithName("Failures").WithSummary("Documents that failed, most recent first")
            .Produces<FailuresResponse>();
        admin.MapPost("/reindex", ReindexAsync)
            .WithName("Reindex").WithSummary("Index PENDING_INDEX documents, or everything with { \"all\": true }, in the background")
            .AddEndpointFilter<AntiforgeryForCookiesFilter>()
            .Produces<ReindexStateDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/reindex", (ReindexJob job) => TypedResults.Ok(job.State)).WithName("ReindexState").WithSummary("The last or running reindex");
        admin.MapGet("/documents/{id}/access", AccessAsync).WithName("ExplainAccess")
            .WithSummary("Whether principals (repeat 'principal': user:NAME, group:NAME, or a bare user name) may read a document, and which entry decides")
            .Produces<AccessResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The status answer (shared with <c>status --json</c>).</summary>
    public static async Task<StatusResponse> BuildStatusAsync(
        IMetadataStore metadata, IMessageQueue queue, ISearchIndex index, IReadOnlyList<ThroughputPoint> throughput, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(time);
        var byStatus = await metadata.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        var counts = await queue.GetCountsAsync(cancellationToken).ConfigureAwait(false);
        long? indexed = null;
        string? problem = null;
        try
        {
            indexed = await index.CountAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessingException ex)
        {
            problem = ex.Message;
        }

        var documents = Enum.GetValues<DocumentStatus>().ToDictionary(Dtos.StatusName, s => byStatus.GetValueOrDefault(s), StringComparer.Ordinal);
        var oldest = counts.OldestVisibleSentAt is { } sent ? Math.Max(0, (time.GetUtcNow() - sent).TotalSeconds) : (double?)null;
        return new StatusResponse(documents, new QueueDto(counts.Visible, counts.InFlight, counts.DeadLettered, oldest), indexed, problem, throughput);
    }

    /// <summary>Dead letters as the API shows them (shared with <c>dlq list --json</c>).</summary>
    public static DeadLettersResponse DeadLetters(IReadOnlyList<DeadLetter> letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        return new DeadLettersResponse([.. letters.Select(d =>
        {
            string? key = null;
            string? path = null;
            try
            {
                var first = FileEventParser.Parse(d.Body).Events.FirstOrDefault();
                key = first?.Key;
                path = first?.OriginalPath;
            }
            catch (ProcessingException)
            {
                // An unreadable body is often why it was dead-lettered: the reason says so.
            }

            return new DeadLetterDto(d.MessageId, d.Reason, d.ReceiveCount, d.SentAt, d.DeadLetteredAt, key, path);
        })]);
    }

    private static async Task<IResult> StatusAsync(HttpContext context, IMetadataStore metadata, IMessageQueue queue, ISearchIndex index, ThroughputSampler sampler, TimeProvider time) =>
        TypedResults.Ok(await BuildStatusAsync(metadata, queue, index, sampler.Points, time, context.RequestAborted).ConfigureAwait(false));

    private static async Task<IResult> DeadLettersAsync(HttpContext context, IMessageQueue queue, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = SearchRequests.Int(context.Request.Query, "limit", 100, 1, 1_000, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var letters = DeadLetters(await queue.ListDeadLettersAsync(limit, context.RequestAborted).ConfigureAwait(false));
        await audit.RecordAsync(context.Caller(), AuditAction.ReadFailures, "dlq", AuditOutcome.Allowed, "dead-lettered messages listed",
            context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(letters);
    }

    private static async Task<IResult> RedriveAsync(RedriveRequest? request, HttpContext context, IMessageQueue queue, AuditLog audit)
    {
        var id = request?.MessageId;
        if (id is { Length: > 200 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageId"] = ["Not a message id."] });
        }

        var moved = await queue.RedriveAsync(string.IsNullOrWhiteSpace(id) ? null : id, context.RequestAborted).ConfigureAwait(false);
        await audit.RecordAsync(context.Caller(), AuditAction.Redrive, string.IsNullOrWhiteSpace(id) ? "all" : id,
            moved > 0 ? AuditOutcome.Allowed : AuditOutcome.Refused, $"{moved} message(s) moved back to the queue", context.RequestAborted).ConfigureAwait(false);
        return moved == 0 && !string.IsNullOrWhiteSpace(id)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead-lettered message")
            : TypedResults.Ok(new RedriveResponse(moved));
    }

    private static async Task<IResult> AccessAsync(string id, HttpContext context, IMetadataStore metadata, AuditLog audit)
    {
        var given = context.Request.Query["principal"].Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        var principals = new List<string>();
        foreach (var text in given)
        {
            if (!Principal.TryNormalize(text.Contains(':', StringComparison.Ordinal) || text == Principal.Everyone ? text : "user:" + text, out var principal))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["principal"] = [$"'{text}' is not a principal (user:NAME, group:NAME, ...)."] });
            }

            principals.Add(principal);
        }

        if (principals.Count == 0 || principals.Count > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["principal"] = ["Give 1 to 200 principals."] });
        }

        // Admins see every document that exists, whatever its status.
        var record = DocumentId.TryParse(id, out var documentId) ? await metadata.GetAsync(documentId, context.RequestAborted).ConfigureAwait(false) : null;
        if (record is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document");
        }

        var decision = AccessDecision.For(record.Permissions, principals, isAdmin: false);
        await audit.RecordAsync(context.Caller(), AuditAction.ExplainAccess, record.Id.Value, AuditOutcome.Allowed,
            $"for {string.Join(",", principals)}: {decision.Reason}", context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new AccessResponse(record.Id.Value, principals, decision.Allowed, decision.Entry?.Principal,
            decision.Entry is { } entry ? PermissionSources.Name(entry.Source) : null, decision.Reason));
    }

    private static async Task<IResult> ReindexAsync(ReindexRequest? request, HttpContext context, ReindexJob job, AuditLog audit)
    {
        var all = request?.All ?? false;
        var started = job.TryStart(all);
        await audit.RecordAsync(context.Caller(), AuditAction.Reindex, all ? "all" : "pending", started ? AuditOutcome.Allowed : AuditOutcome.Refused,
            started ? "reindex started" : "a reindex is already running", context.RequestAborted).ConfigureAwait(false);
        return started
            ? Results.Accepted("/api/v1/reindex", job.State)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A reindex is already running");
    }

    private static async Task<IResult> FailuresAsync(HttpContext context, IMetadataStore metadata, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = SearchRequests.Int(context.Request.Query, "limit", 20, 1, 200, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Most recent first, from a bounded scan (the FAILED set is small in a healthy system).
        var recent = new PriorityQueue<DocumentRecord, DateTimeOffset>();
        var scanned = 0;
        await foreach (var record in metadata.ListByStatusAsync(DocumentStatus.Failed, context.RequestAborted).ConfigureAwait(false))
        {
            recent.Enqueue(record, record.UpdatedAt);
            if (recent.Count > limit)
            {
                recent.Dequeue();
            }

            if (++scanned >= 100_000)
            {
                break;
            }
        }

        var items = new List<FailureDto>(recent.Count);
        while (recent.TryDequeue(out var r, out _))
        {
            items.Add(new FailureDto(r.Id.Value, r.Name, r.OriginalPath ?? r.Key, r.FailureReason, r.UpdatedAt));
        }

        items.Reverse();
        await audit.RecordAsync(context.Caller(), AuditAction.ReadFailures, "failures", AuditOutcome.Allowed, $"{items.Count} recent failures listed",
            context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new FailuresResponse(items));
    }
}
