using System.Globalization;
using System.Text.Json.Nodes;
using FileSearch.Core.Text;

namespace FileSearch.Search.OpenSearch.Internals;

/// <summary>The versioned index body (settings, mappings, alias) from the embedded template, with options filled in.</summary>
internal static class IndexTemplate
{
    /// <summary>
    /// Version of the analysis chain the template creates, recorded in the mapping's <c>_meta.filesearch.analysis</c>:
    /// 1 text.norm with variant kanji and katakana folding, 2 also okurigana folding. An index of an older version keeps
    /// its analysis until <c>reindex --all</c> fills a new one from this template.
    /// </summary>
    public const int AnalysisVersion = 2;

    /// <param name="options">Dimension, HNSW parameters and alias.</param>
    /// <param name="withAlias">False for a rebuild: the alias moves to the new index only when it is complete.</param>
    public static JsonObject Build(OpenSearchOptions options, bool withAlias = true)
    {
        var name = $"FileSearch.Search.OpenSearch.Templates.index-v{options.IndexVersion}.json";
        using var stream = typeof(IndexTemplate).Assembly.GetManifestResourceStream(name)
            ?? typeof(IndexTemplate).Assembly.GetManifestResourceStream("FileSearch.Search.OpenSearch.Templates.index-v1.json")!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd()
            .Replace("\"{{dimension}}\"", options.EffectiveVectorDimension.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"{{m}}\"", options.HnswM.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("\"{{ef_construction}}\"", options.HnswEfConstruction.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{engine}}", options.HnswEngine, StringComparison.Ordinal)
            .Replace("{{alias}}", options.IndexName, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!.AsObject();
        body["mappings"]!["_meta"]!["filesearch"]!["analysis"] = AnalysisVersion;
        var charFilters = body["settings"]!["analysis"]!["char_filter"]!;
        charFilters["fs_variants"]!["mappings"] = Rules(NotationVariants.Mappings);
        charFilters["fs_okurigana"]!["mappings"] = Rules(NotationVariants.OkuriganaMappings);
        if (!withAlias)
        {
            body.Remove("aliases");
        }

        return body;
    }

    /// <summary>
    /// The mapping of the fields added to the template since indexes were first created from it: the two that hold an entry's
    /// version (stored only) and the link of an archive member or mail attachment to its file (<c>parent_id</c>, <c>member_path</c>),
    /// for <c>PUT _mapping</c> on an index created without them (adding fields is allowed on a live index).
    /// https://docs.opensearch.org/latest/api-reference/index-apis/put-mapping/
    /// </summary>
    public static JsonObject VersionMapping() => new()
    {
        ["properties"] = new JsonObject
        {
            ["version_seq"] = new JsonObject { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false },
            ["version_time"] = new JsonObject { ["type"] = "long", ["index"] = false, ["doc_values"] = false },
            ["parent_id"] = new JsonObject { ["type"] = "keyword" },
            ["member_path"] = new JsonObject { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false },
        },
    };

    /// <summary>
    /// The notation-variant folding of the Lucene normalised field as <c>mapping</c> char filter rules: the variant kanji
    /// and katakana spellings of <see cref="NotationVariants.Mappings"/> (<c>fs_variants</c>), then the okurigana spellings
    /// of <see cref="NotationVariants.OkuriganaMappings"/> (<c>fs_okurigana</c>). The filter replaces the longest match
    /// and corrects offsets, so highlights still mark the document's spelling. Removals (variation selectors) are left
    /// out, as a rule needs a replacement. https://docs.opensearch.org/latest/analyzers/character-filters/mapping-character-filter/
    /// </summary>
    private static JsonArray Rules(IEnumerable<KeyValuePair<string, string>> mappings) =>
        new([.. mappings.Where(m => m.Value.Length > 0).Select(m => (JsonNode)JsonValue.Create($"{m.Key} => {m.Value}"))]);
}
