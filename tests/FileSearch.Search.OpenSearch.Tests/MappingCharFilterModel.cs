using System.Text;
using System.Text.Json.Nodes;

namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>
/// The char filters of an analyser as OpenSearch's <c>mapping</c> char filter applies its rules: at each position the
/// longest key that matches is replaced and reading goes on after it (the output is not scanned again); filters run in
/// the analyser's order. https://docs.opensearch.org/latest/analyzers/character-filters/mapping-character-filter/
/// </summary>
internal sealed class MappingCharFilterModel
{
    private readonly List<(Dictionary<string, string> Rules, int Longest)> _filters = [];

    /// <summary>The <c>mapping</c> char filters of <paramref name="analyzer"/> in the index body <paramref name="template"/>.</summary>
    public MappingCharFilterModel(JsonNode template, string analyzer)
    {
        var analysis = template["settings"]!["analysis"]!;
        foreach (var name in analysis["analyzer"]![analyzer]!["char_filter"]!.AsArray().Select(n => n!.GetValue<string>()))
        {
            var filter = analysis["char_filter"]![name]!;
            Assert.Equal("mapping", filter["type"]!.GetValue<string>());
            var rules = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var rule in filter["mappings"]!.AsArray().Select(n => n!.GetValue<string>()))
            {
                var arrow = rule.IndexOf(" => ", StringComparison.Ordinal);
                Assert.True(arrow > 0, $"rule without ' => ': {rule}");
                Assert.True(rules.TryAdd(rule[..arrow], rule[(arrow + 4)..]), $"key mapped twice in {name}: {rule}");
            }

            _filters.Add((rules, rules.Keys.Max(k => k.Length)));
        }
    }

    public int FilterCount => _filters.Count;

    public string Apply(string text)
    {
        foreach (var (rules, longest) in _filters)
        {
            var output = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length;)
            {
                var length = Math.Min(longest, text.Length - i);
                while (length > 0 && !rules.ContainsKey(text.Substring(i, length)))
                {
                    length--;
                }

                output.Append(length > 0 ? rules[text.Substring(i, length)] : text[i].ToString());
                i += Math.Max(length, 1);
            }

            text = output.ToString();
        }

        return text;
    }
}
