using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Similarity;
using Xunit.Abstractions;

namespace FileSearch.Core.Tests.Similarity;

/// <summary>
/// Version families measured on a set with known truth, generated from the real Japanese prose of tests/data/ocr-accuracy.
/// Each of twelve documents (three passages) has seven versions saved the way people save them: <c>契約書.docx</c>,
/// <c>契約書_v2.docx</c> (three characters changed), <c>契約書 - コピー.docx</c> (a copy of v2), <c>契約書_v3_最終.docx</c>
/// (a sentence removed, twelve characters changed), <c>契約書_最終_修正.docx</c> (four more characters, the latest), an old
/// dated one in a subfolder (<c>旧/契約書_20240131.docx</c>) and a copy with changes in a sibling folder
/// (<c>案件01_控え/Copy of 契約書.docx</c>). Beside them, documents that are not versions: an attachment with a similar
/// name and a passage in common (<c>契約書_別紙.docx</c>), last year's document sharing two passages
/// (<c>2023年度契約書.docx</c> beside <c>2024年度契約書.docx</c>), a light edit under an unrelated name in a distant folder and a
/// version's name in a distant folder. Prints pairwise precision and recall of the families, recall per version type, and
/// whether the newest version is marked latest.
/// </summary>
[Trait("Category", "Unit")]
public sealed class VersionFamilyTruthSetTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Titles =
        ["契約書", "議事録", "報告書", "見積書", "提案書", "仕様書", "手順書", "企画書", "請求書", "稟議書", "計画書", "説明資料"];

    [Fact]
    public void Find_GeneratedFamilies_PrecisionRecallAndLatest()
    {
        var docs = Generate();
        foreach (var threshold in new[] { 0.3, 0.4, 0.6, 0.7 })
        {
            var m = Measure(docs, DuplicateFinder.Find(docs.Select(d => d.Doc), DuplicateFinder.DefaultThreshold, threshold));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"family threshold={threshold:F1} pairwise precision={m.Precision:F3} recall={m.Recall:F3}"));
        }

        var report = DuplicateFinder.Find(docs.Select(d => d.Doc));
        var result = Measure(docs, report);
        var families = report.Groups.Where(g => g.Kind == DuplicateKind.Family).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"documents={docs.Count} true families={Titles.Length} family groups={families.Count} sizes={string.Join(',', families.Select(f => f.Members.Count))}"));
        foreach (var (type, (found, total)) in result.ByType.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type,-12} in the original's family: {found}/{total}"));
        }

        foreach (var (type, merged) in result.Negatives.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type,-12} wrongly in a family: {merged}/{Titles.Length}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latest marked correctly: {result.LatestRight}/{Titles.Length}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"family threshold={DuplicateFinder.DefaultFamilyThreshold:F1} name threshold={VersionFamilies.NameThreshold:F1} pairwise precision={result.Precision:F3} recall={result.Recall:F3}"));

        Assert.Equal(Titles.Length, families.Count);
        Assert.All(result.ByType, t => Assert.Equal(t.Value.Total, t.Value.Found));
        Assert.All(result.Negatives, t => Assert.Equal(0, t.Value));
        Assert.Equal(Titles.Length, result.LatestRight);
        Assert.True(result.Precision >= 0.99, $"precision {result.Precision:F3}");
        Assert.True(result.Recall >= 0.99, $"recall {result.Recall:F3}");
    }

    [Fact]
    public void Of_EveryDocumentOfTheTruthSet_SameGroupsAsTheReport()
    {
        var docs = Generate();
        var all = docs.Select(d => d.Doc).ToList();
        var report = DuplicateFinder.Find(all);

        foreach (var doc in all)
        {
            var groups = DocumentDuplicates.Of(doc, all);
            foreach (var (kind, group) in new[] { (DuplicateKind.Exact, groups.Exact), (DuplicateKind.Near, groups.Near), (DuplicateKind.Family, groups.Family) })
            {
                var expected = report.Groups.SingleOrDefault(g => g.Kind == kind && g.Members.Any(m => m.Id == doc.Id));
                Assert.Equal(expected?.Members.Select(m => m.Id.Value).Order(StringComparer.Ordinal), group?.Members.Select(m => m.Id.Value).Order(StringComparer.Ordinal));
                Assert.Equal(expected?.Latest, group?.Latest);
            }
        }
    }

    private sealed record Labeled(DuplicateCandidate Doc, string Family, string Type, bool Latest);

    private static List<Labeled> Generate()
    {
        var passages = ProseEdits.Passages();
        var n = Titles.Length;
        var random = new Random(2026);
        var docs = new List<Labeled>();
        for (var f = 0; f < n; f++)
        {
            var (title, family, folder) = (Titles[f], $"F{f}", $"/nas/案件{f + 1:D2}");
            var original = passages[f] + passages[f + n] + passages[f + (2 * n)];
            var v2 = ProseEdits.Substitute(original, 3, random);
            var v3 = ProseEdits.Substitute(ProseEdits.RemoveSentence(v2, random), 12, random);
            var v4 = ProseEdits.Substitute(v3, 4, random);
            docs.Add(Doc($"{folder}/{title}.docx", original, T0, family, "original"));
            docs.Add(Doc($"{folder}/{title}_v2.docx", v2, T0.AddDays(1), family, "v2"));
            docs.Add(Doc($"{folder}/{title} - コピー.docx", v2, T0.AddDays(1).AddHours(1), family, "copy"));
            docs.Add(Doc($"{folder}/{title}_v3_最終.docx", v3, T0.AddDays(3), family, "v3-final"));
            docs.Add(Doc($"{folder}/{title}_最終_修正.docx", v4, T0.AddDays(5), family, "final-fixed", latest: true));
            docs.Add(Doc($"{folder}/旧/{title}_20240131.docx", ProseEdits.RemoveSentence(original, random), T0.AddDays(-30), family, "old-dated"));
            docs.Add(Doc($"{folder}_控え/Copy of {title}.docx", ProseEdits.Substitute(v3, 2, random), T0.AddDays(4), family, "sibling-copy"));

            // Not versions of it.
            var other1 = passages[((f + 1) % n) + n];
            var other2 = passages[((f + 2) % n) + (2 * n)];
            docs.Add(Doc($"{folder}/{title}_別紙.docx", passages[f] + other1 + other2, T0.AddDays(2), $"A{f}", "attachment"));
            docs.Add(Doc($"{folder}/2023年度{title}.docx", passages[((f + 3) % n) + n] + passages[((f + 4) % n) + n] + passages[(f + 5) % n], T0.AddDays(-300), $"Y{f}", "last-year"));
            docs.Add(Doc($"{folder}/2024年度{title}.docx", passages[((f + 3) % n) + n] + passages[((f + 4) % n) + n] + passages[(f + 6) % n], T0.AddDays(-10), $"Z{f}", "this-year"));
            docs.Add(Doc($"/nas/アーカイブ/2023/営業/資料{f + 1:D2}.docx", ProseEdits.Substitute(original, 3, random), T0.AddDays(-60), $"N{f}", "renamed-far"));
            docs.Add(Doc($"/nas/個人/田中/メモ/{title}_v2.docx", v3, T0.AddDays(6), $"D{f}", "same-name-far"));
        }

        return docs;
    }

    private sealed record Result(double Precision, double Recall, Dictionary<string, (int Found, int Total)> ByType, Dictionary<string, int> Negatives, int LatestRight);

    private static Result Measure(List<Labeled> docs, DuplicateReport report)
    {
        var familyOf = new Dictionary<DocumentId, int>();
        var families = report.Groups.Where(g => g.Kind == DuplicateKind.Family).ToList();
        for (var i = 0; i < families.Count; i++)
        {
            foreach (var member in families[i].Members)
            {
                Assert.True(familyOf.TryAdd(member.Id, i), "a document is in one family only");
            }
        }

        bool Together(Labeled a, Labeled b) => familyOf.TryGetValue(a.Doc.Id, out var fa) && familyOf.TryGetValue(b.Doc.Id, out var fb) && fa == fb;

        int tp = 0, fp = 0, fn = 0;
        var byType = new Dictionary<string, (int Found, int Total)>(StringComparer.Ordinal);
        for (var i = 0; i < docs.Count; i++)
        {
            for (var j = i + 1; j < docs.Count; j++)
            {
                var truth = docs[i].Family == docs[j].Family && docs[i].Family.StartsWith('F');
                var predicted = Together(docs[i], docs[j]);
                (tp, fp, fn) = (tp + (truth && predicted ? 1 : 0), fp + (!truth && predicted ? 1 : 0), fn + (truth && !predicted ? 1 : 0));
                if (truth && docs[i].Type == "original")
                {
                    var (found, total) = byType.GetValueOrDefault(docs[j].Type);
                    byType[docs[j].Type] = (found + (predicted ? 1 : 0), total + 1);
                }
            }
        }

        var negatives = docs.Where(d => !d.Family.StartsWith('F')).GroupBy(d => d.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(d => familyOf.ContainsKey(d.Doc.Id)), StringComparer.Ordinal);
        var latestRight = docs.Where(d => d.Latest).Count(d => familyOf.TryGetValue(d.Doc.Id, out var i) && families[i].Latest == d.Doc.Id);
        return new Result(tp + fp == 0 ? 1 : (double)tp / (tp + fp), (double)tp / (tp + fn), byType, negatives, latestRight);
    }

    private static Labeled Doc(string path, string text, DateTimeOffset modified, string family, string type, bool latest = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Labeled(new DuplicateCandidate(DocumentId.From("nas", path), path, bytes.Length, modified,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), MinHashSignature.Compute(text)), family, type, latest);
    }
}
