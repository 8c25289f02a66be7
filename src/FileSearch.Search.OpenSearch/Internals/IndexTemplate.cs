using System.Globalization;
using System.Text.Json.Nodes;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>The versioned index body (settings, mappings, alias) from the embedded template, with options filled in.</summary>
internal static class IndexTemplate
{
    public static JsonObject Build(OpenSearchOptions options)
    {
        var name = $"FileSearch.Search.OpenSearch.Templates.index-v{options.IndexVersion}.json";
        using var stream = typeof(IndexTemplate).Assembly.GetManifestResourceStream(name)
            ?? typeof(IndexTemplate).Assembly.GetManifestResourceStream("FileSearch.Search.OpenSearch.Templates.index-v1.json")!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd()
            .Replace("\"{{dimension}}\"", options.VectorDimension.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"{{m}}\"", options.HnswM.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"{{ef_construction}}\"", options.HnswEfConstruction.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{engine}}", options.HnswEngine, StringComparison.Ordinal)
            .Replace("{{alias}}", options.IndexName, StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }
}
