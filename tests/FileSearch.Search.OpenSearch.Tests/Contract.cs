using System.Text.Json.Nodes;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>Committed request/response bodies under Contracts/.</summary>
internal static class Contract
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Contracts", name));

    /// <summary>Asserts that <paramref name="actual"/> is the same JSON as the committed file (whitespace and key order aside).</summary>
    public static void AssertJson(string name, string? actual)
    {
        Assert.NotNull(actual);
        var expected = JsonNode.Parse(Read(name));
        var got = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expected, got), $"{name} differs; actual:\n{got?.ToJsonString()}");
    }

    /// <summary>Asserts an NDJSON body line by line against a committed JSON array of lines.</summary>
    public static void AssertNdJson(string name, string? actual)
    {
        Assert.NotNull(actual);
        Assert.EndsWith("\n", actual, StringComparison.Ordinal);
        var lines = new JsonArray(actual.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)).ToArray());
        AssertJson(name, lines.ToJsonString());
    }
}
