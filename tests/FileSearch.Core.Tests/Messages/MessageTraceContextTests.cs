using FileSearch.Core.Messages;

namespace FileSearch.Core.Tests.Messages;

/// <summary>Parsing of stored trace contexts.</summary>
[Trait("Category", "Unit")]
public sealed class MessageTraceContextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public void From_MissingOrMalformed_ReturnsNull(string? traceParent) => Assert.Null(MessageTraceContext.From(traceParent, null));

    [Fact]
    public void From_Valid_KeepsBothParts()
    {
        var context = MessageTraceContext.From("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "");

        Assert.NotNull(context);
        Assert.Null(context.TraceState);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.ToActivityContext().TraceId.ToHexString());
    }
}
