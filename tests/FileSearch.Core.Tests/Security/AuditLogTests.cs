using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Core.Tests.Security;

[Trait("Category", "Unit")]
public sealed class AuditLogTests
{
    private static readonly Caller Staff = new("tanaka", ["sales"], IsAdmin: false, "jwt");
    private static readonly Caller Admin = new("admin", [], IsAdmin: true, "oidc");
    private static readonly DocumentPermissions SalesOnly = DocumentPermissions.Create([new("group:sales", PermissionSource.Acl)], []);
    private static readonly DocumentPermissions DeniedToTanaka = DocumentPermissions.Create(
        [new("group:sales", PermissionSource.Acl)], [new("user:tanaka", PermissionSource.Acl)]);

    [Theory]
    [InlineData(AuditAction.Text, true)]
    [InlineData(AuditAction.Original, true)]
    [InlineData(AuditAction.Thumbnail, true)]
    [InlineData(AuditAction.Metadata, false)]
    [InlineData(AuditAction.Search, false)]
    [InlineData(AuditAction.Similar, false)]
    public void Audits_StaffReads_ContentReadsOnly(AuditAction action, bool expected)
    {
        Assert.Equal(expected, AuditLog.Audits(Staff, action));
        Assert.True(AuditLog.Audits(Admin, action));
    }

    [Fact]
    public async Task DocumentReadAsync_AllowedDeniedMissing_OutcomeAndReasonOfTheDecision()
    {
        var sink = new RecordingSink();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var audit = new AuditLog(NullLoggerFactory.Instance, [sink], time);
        var principals = Staff.Principals();

        await audit.DocumentReadAsync(Staff, AuditAction.Text, "doc-a", AccessDecision.For(SalesOnly, [.. principals], false), CancellationToken.None);
        await audit.DocumentReadAsync(Staff, AuditAction.Original, "doc-b", AccessDecision.For(DeniedToTanaka, [.. principals], false), CancellationToken.None);
        await audit.DocumentReadAsync(Staff, AuditAction.Thumbnail, "doc-c", null, CancellationToken.None);
        await audit.DocumentReadAsync(Staff, AuditAction.Metadata, "doc-a", AccessDecision.For(SalesOnly, [.. principals], false), CancellationToken.None);

        Assert.Equal(3, sink.Records.Count);
        Assert.Equal(new AuditEvent(time.GetUtcNow(), "tanaka", "jwt", false, AuditAction.Text, "doc-a", AuditOutcome.Allowed,
            "allowed to group:sales by acl"), sink.Records[0]);
        Assert.Equal((AuditOutcome.Denied, "denied to user:tanaka by acl (deny wins)"), (sink.Records[1].Outcome, sink.Records[1].Reason));
        Assert.Equal((AuditOutcome.NotFound, "doc-c"), (sink.Records[2].Outcome, sink.Records[2].Target));
    }

    [Fact]
    public async Task RecordAsync_SinkCannotWrite_RetryableFailureSoTheReadIsNotServed()
    {
        var audit = new AuditLog(NullLoggerFactory.Instance, [new FailingSink()], TimeProvider.System);

        var ex = await Assert.ThrowsAsync<ProcessingException>(() =>
            audit.RecordAsync(Admin, AuditAction.Reindex, "all", AuditOutcome.Allowed, "reindex started", CancellationToken.None));

        Assert.Equal((FailureKind.Retryable, "audit-unavailable"), (ex.Kind, ex.Code));
    }

    private sealed class RecordingSink : IAuditSink
    {
        public List<AuditEvent> Records { get; } = [];

        public Task WriteAsync(AuditEvent record, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingSink : IAuditSink
    {
        public Task WriteAsync(AuditEvent record, CancellationToken cancellationToken) => throw new IOException("No space left on device");
    }
}
