using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Similarity;
using Xunit.Abstractions;

namespace FileSearch.Core.Tests.Similarity;

/// <summary>
/// Grouping measured on a set with known truth, generated from the real Japanese prose of tests/data/ocr-accuracy:
/// twelve documents of three passages each, and for each an exact copy, a light edit (three characters changed), a
/// heavier edit (one sentence removed and twelve characters changed) and an unrelated document on the same topic (one
/// of its passages beside two passages of other documents). Truth: a document, its copy and its edits are one family;
/// the unrelated documents belong to none. Prints pairwise precision and recall of the grouping and recall per edit type.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DuplicateTruthSetTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_GeneratedTruthSet_PrecisionAndRecallAboveFloors()
    {
        var passages = ProseEdits.Passages();
        Assert.Equal(36, passages.Count);
        var random = new Random(20);
        var docs = new List<(DuplicateCandidate Doc, string Family, string Type, string Text)>();
        var families = passages.Count / 3;
        for (var f = 0; f < families; f++)
        {
            var original = passages[f] + passages[f + families] + passages[f + (2 * families)];
            var light = ProseEdits.Substitute(original, 3, random);
            var heavy = ProseEdits.Substitute(ProseEdits.RemoveSentence(original, random), 12, random);
            var sameTopic = passages[f] + passages[((f + 1) % families) + families] + passages[((f + 2) % families) + (2 * families)];
            docs.Add(Doc($"/nas/原本/{f:D2}.txt", original, $"F{f}", "original"));
            docs.Add(Doc($"/nas/控え/{f:D2}.txt", original, $"F{f}", "copy"));
            docs.Add(Doc($"/nas/修正/{f:D2}_v2.txt", light, $"F{f}", "light"));
            docs.Add(Doc($"/nas/改訂/{f:D2}_改訂版.txt", heavy, $"F{f}", "heavy"));
            docs.Add(Doc($"/nas/別件/{f:D2}.txt", sameTopic, $"U{f}", "same-topic"));
        }

        foreach (var threshold in new[] { 0.5, 0.6, 0.7, 0.9 })
        {
            var (p, r, _, _) = Measure(docs, DuplicateFinder.Find(docs.Select(d => d.Doc), threshold));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold={threshold:F1} pairwise precision={p:F3} recall={r:F3}"));
        }

        var report = DuplicateFinder.Find(docs.Select(d => d.Doc));
        var (precision, recall, byType, sameTopicMerged) = Measure(docs, report);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"documents={docs.Count} families={families} groups={report.Groups.Count} (exact {report.Groups.Count(g => g.Kind == DuplicateKind.Exact)}, near {report.Groups.Count(g => g.Kind == DuplicateKind.Near)}, family {report.Groups.Count(g => g.Kind == DuplicateKind.Family)}) threshold={DuplicateFinder.DefaultThreshold}"));
        foreach (var type in new[] { "copy", "light", "heavy" })
        {
            var jaccard = docs.Where(d => d.Type == type).Select(d => ExactJaccard(docs.Single(o => o.Family == d.Family && o.Type == "original").Text, d.Text)).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{type,-6} recall={byType[type].Found}/{byType[type].Total} exact-jaccard-to-original min={jaccard.Min():F3} median={jaccard.Order().ElementAt(jaccard.Count / 2):F3}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"same-topic documents grouped with anything: {sameTopicMerged}/{families}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold={DuplicateFinder.DefaultThreshold:F1} pairwise precision={precision:F3} recall={recall:F3}"));

        Assert.Equal(byType["copy"].Total, byType["copy"].Found);
        Assert.Equal(byType["light"].Total, byType["light"].Found);
        Assert.Equal(0, sameTopicMerged);
        Assert.True(precision >= 0.99, $"precision {precision:F3}");
        // Heavier edits (exact Jaccard 0.57-0.68 here) are below the near-duplicate threshold by design: 36 of the 72 family pairs.
        Assert.True(recall >= 0.5, $"recall {recall:F3}");
    }

    private static (double Precision, double Recall, Dictionary<string, (int Found, int Total)> ByType, int SameTopicMerged) Measure(
        List<(DuplicateCandidate Doc, string Family, string Type, string Text)> docs, DuplicateReport report)
    {
        // Exact and near groups of one family overlap: join them into one grouping (version families are measured in
        // VersionFamilyTruthSetTests).
        var root = new Dictionary<DocumentId, DocumentId>();
        DocumentId Find(DocumentId id) => root.TryGetValue(id, out var parent) && parent != id ? root[id] = Find(parent) : id;
        foreach (var group in report.Groups.Where(g => g.Kind != DuplicateKind.Family))
        {
            foreach (var member in group.Members)
            {
                root.TryAdd(member.Id, member.Id);
                root[Find(member.Id)] = Find(group.Members[0].Id);
            }
        }

        bool Together(DuplicateCandidate a, DuplicateCandidate b) => root.ContainsKey(a.Id) && root.ContainsKey(b.Id) && Find(a.Id) == Find(b.Id);

        int tp = 0, fp = 0, fn = 0;
        var byType = new Dictionary<string, (int Found, int Total)>(StringComparer.Ordinal);
        for (var i = 0; i < docs.Count; i++)
        {
            for (var j = i + 1; j < docs.Count; j++)
            {
                var truth = docs[i].Family == docs[j].Family;
                var predicted = Together(docs[i].Doc, docs[j].Doc);
                (tp, fp, fn) = (tp + (truth && predicted ? 1 : 0), fp + (!truth && predicted ? 1 : 0), fn + (truth && !predicted ? 1 : 0));
                if (truth && docs[i].Type == "original")
                {
                    var (found, total) = byType.GetValueOrDefault(docs[j].Type);
                    byType[docs[j].Type] = (found + (predicted ? 1 : 0), total + 1);
                }
            }
        }

        var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var recall = (double)tp / (tp + fn);
        return (precision, recall, byType, docs.Count(d => d.Type == "same-topic" && root.ContainsKey(d.Doc.Id)));
    }

    private static (DuplicateCandidate, string, string, string) Doc(string path, string text, string family, string type)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (new DuplicateCandidate(DocumentId.From("nas", path), path, bytes.Length, T0, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            MinHashSignature.Compute(text)), family, type, text);
    }

    private static double ExactJaccard(string a, string b)
    {
        static HashSet<string> Shingles(string text)
        {
            var normal = MinHashSignature.Normalize(text);
            return [.. Enumerable.Range(0, Math.Max(1, normal.Length - MinHashSignature.ShingleWidth + 1))
                .Select(i => normal.Substring(i, Math.Min(MinHashSignature.ShingleWidth, normal.Length - i)))];
        }

        var (sa, sb) = (Shingles(a), Shingles(b));
        return (double)sa.Intersect(sb).Count() / sa.Union(sb).Count();
    }
}
