using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Messages;
using FileSearch.Core.Security;

namespace FileSearch.Core.Tests.Messages;

[Trait("Category", "Unit")]
public class FileEventParserTests
{
    private const string SeedMessage = """
        {"eventType":"FILE_UPLOADED","s3Bucket":"cis-filesearch-raw-files-prod","s3Key":"documents/2025/contract_001.pdf",
         "fileSize":2048576,"uploadedAt":"2025-01-30T12:34:56Z",
         "metadata":{"original_path":"/NAS/contracts/2025/contract_001.pdf","mime_type":"application/pdf"}}
        """;

    [Fact]
    public void Parse_SeedUploadMessage_ReturnsCreatedEvent()
    {
        var parsed = FileEventParser.Parse(SeedMessage);

        var evt = Assert.Single(parsed.Events);
        Assert.Equal(FileEventKind.Created, evt.Kind);
        Assert.Equal("cis-filesearch-raw-files-prod", evt.Bucket);
        Assert.Equal("documents/2025/contract_001.pdf", evt.Key);
        Assert.Equal(2048576, evt.Size);
        Assert.Equal(new DateTimeOffset(2025, 1, 30, 12, 34, 56, TimeSpan.Zero), evt.EventTime);
        Assert.Equal("/NAS/contracts/2025/contract_001.pdf", evt.OriginalPath);
        Assert.Equal("application/pdf", evt.MimeType);
        Assert.Equal("contract_001.pdf", evt.FileName);
    }

    [Fact]
    public void Parse_SeedMessageCamelCaseMetadata_ReadsMetadata()
    {
        var parsed = FileEventParser.Parse("""
            {"eventType":"FILE_UPLOADED","s3Bucket":"b1","s3Key":"a/見積書.xlsx","fileSize":"10",
             "metadata":{"originalPath":"/NAS/見積書.xlsx","mimeType":"application/x"}}
            """);

        var evt = Assert.Single(parsed.Events);
        Assert.Equal("/NAS/見積書.xlsx", evt.OriginalPath);
        Assert.Equal("application/x", evt.MimeType);
        Assert.Equal(10, evt.Size);
    }

    [Fact]
    public void Parse_SeedDeleteMessage_ReturnsDeletedEvent()
    {
        var parsed = FileEventParser.Parse("""{"eventType":"FILE_DELETED","s3Bucket":"b1","s3Key":"x.pdf","fileSize":0,"uploadedAt":"2025-02-01T00:00:00Z"}""");

        Assert.Equal(FileEventKind.Deleted, Assert.Single(parsed.Events).Kind);
    }

    [Fact]
    public void Parse_S3Notification_DecodesKeyAndReadsVersionFields()
    {
        var parsed = FileEventParser.Parse("""
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2025-01-30T12:34:56.789Z",
              "eventName":"ObjectCreated:Put",
              "s3":{"bucket":{"name":"raw-files"},
                    "object":{"key":"documents/2025/%E5%A5%91%E7%B4%84+%E6%9B%B8+%28v2%29.pdf","size":1024,
                              "eTag":"d41d8cd98f00b204e9800998ecf8427e","versionId":"v1","sequencer":"0055AED6DCD90281E5"}}}]}
            """);

        var evt = Assert.Single(parsed.Events);
        Assert.Equal(FileEventKind.Created, evt.Kind);
        Assert.Equal("raw-files", evt.Bucket);
        Assert.Equal("documents/2025/契約 書 (v2).pdf", evt.Key);
        Assert.Equal(1024, evt.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", evt.ETag);
        Assert.Equal("v1", evt.VersionId);
        Assert.Equal("0055AED6DCD90281E5", evt.Sequencer);
    }

    [Fact]
    public void Parse_S3RemovedNotification_ReturnsDeletedEventWithoutSize()
    {
        var parsed = FileEventParser.Parse("""
            {"Records":[{"eventName":"ObjectRemoved:Delete","eventTime":"2025-01-30T12:34:56Z",
              "s3":{"bucket":{"name":"raw"},"object":{"key":"a%2Fb.txt","sequencer":"0A"}}},
             {"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"raw"},"object":{"key":"c.txt","size":3}}}]}
            """);

        Assert.Equal(2, parsed.Events.Count);
        Assert.Equal(FileEventKind.Deleted, parsed.Events[0].Kind);
        Assert.Equal("a/b.txt", parsed.Events[0].Key);
        Assert.Equal(FileEventKind.Created, parsed.Events[1].Kind);
    }

    [Fact]
    public void Parse_S3TestEvent_IsTestEvent()
    {
        var parsed = FileEventParser.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2025-01-30T12:00:00.000Z","Bucket":"raw"}""");

        Assert.True(parsed.IsTestEvent);
        Assert.Empty(parsed.Events);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"hello":"world"}""", "neither")]
    [InlineData("""{"eventType":"FILE_RENAMED","s3Bucket":"b","s3Key":"k","fileSize":1}""", "unknown event type")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"","s3Key":"k","fileSize":1}""", "bucket is empty")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"","fileSize":1}""", "key is empty")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k","fileSize":0}""", "size must be positive")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k","fileSize":-5}""", "size must be positive")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k","fileSize":true}""", "not an integer")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k","fileSize":1,"uploadedAt":"yesterday"}""", "not a valid timestamp")]
    [InlineData("""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"a\u0000b","fileSize":1}""", "NUL")]
    [InlineData("""{"Records":[]}""", "non-empty array")]
    [InlineData("""{"Records":[42]}""", "not a JSON object")]
    [InlineData("""{"Records":[{"eventName":"ObjectRestore:Post","s3":{}}]}""", "unsupported S3 event")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put"}]}""", "no s3 section")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"}}}]}""", "no s3.object")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":0}}}]}""", "size must be positive")]
    public void Parse_InvalidMessage_ThrowsPermanentWithReason(string body, string expectedReason)
    {
        var ex = Assert.Throws<ProcessingException>(() => FileEventParser.Parse(body));

        Assert.Equal(FailureKind.Permanent, ex.Kind);
        Assert.Equal("invalid-message", ex.Code);
        Assert.Contains(expectedReason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyLongerThan1024_Throws()
    {
        var body = $$"""{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"{{new string('a', 1025)}}","fileSize":1}""";

        var ex = Assert.Throws<ProcessingException>(() => FileEventParser.Parse(body));
        Assert.Contains("1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MetadataAcl_ReadsPermissions()
    {
        var parsed = FileEventParser.Parse("""
            {"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k.pdf","fileSize":1,
             "metadata":{"acl":{"allow":["group:営業部","sid:S-1-5-21-1-2-3-1104"],"deny":{"acl":["user:eve"]}}}}
            """);

        var acl = Assert.Single(parsed.Events).Acl;
        Assert.NotNull(acl);
        Assert.Equal(["group:営業部", "sid:S-1-5-21-1-2-3-1104"], acl.AllowedPrincipals);
        Assert.Equal([new PermissionEntry("user:eve", PermissionSource.Acl)], acl.Deny);
    }

    [Fact]
    public void Parse_NoAcl_NullNotNobody()
    {
        Assert.Null(Assert.Single(FileEventParser.Parse(SeedMessage).Events).Acl);
    }

    [Fact]
    public void Parse_MalformedAcl_ThrowsInvalidMessage()
    {
        var ex = Assert.Throws<ProcessingException>(() => FileEventParser.Parse(
            """{"eventType":"FILE_UPLOADED","s3Bucket":"b","s3Key":"k","fileSize":1,"metadata":{"acl":{"allow":["alice"]}}}"""));

        Assert.Equal("invalid-message", ex.Code);
        Assert.Contains("metadata.acl", ex.Message, StringComparison.Ordinal);
    }
}
