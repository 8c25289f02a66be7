using FileSearch.Bench.Commands.Bench.Api;

namespace FileSearch.Bench.Tests.Commands.Bench.Api;

[Trait("Category", "Unit")]
public sealed class ApiBenchCorpusTests
{
    [Fact]
    public void ShapeOf_EveryQueryOfTheMix_NamesTheShapeItWasBuiltAs()
    {
        var mix = ApiBenchCorpus.Queries(200, seed: 5);

        for (var i = 0; i < mix.Count; i++)
        {
            var shape = ApiBenchCorpus.Shapes[ApiBenchCorpus.ShapeOf(i)];
            var query = Uri.UnescapeDataString(mix[i]);
            switch (shape)
            {
                case "phrase":
                    Assert.Contains("q=\"", query, StringComparison.Ordinal);
                    break;
                case "word AND word":
                    Assert.Contains(" AND ", query, StringComparison.Ordinal);
                    break;
                case "product code":
                    Assert.Contains("q=KX-", query, StringComparison.Ordinal);
                    break;
                case "word, type filter":
                    Assert.Contains("&type=", query, StringComparison.Ordinal);
                    break;
                case "word, folder filter":
                    Assert.Contains("&path=", query, StringComparison.Ordinal);
                    break;
                case "word, date range":
                    Assert.Contains("&from=", query, StringComparison.Ordinal);
                    break;
                case "word, deeper page":
                    Assert.Contains("&offset=", query, StringComparison.Ordinal);
                    break;
                case "word, newest first":
                    Assert.Contains("&sort=newest", query, StringComparison.Ordinal);
                    break;
                default:
                    Assert.DoesNotContain("&", query.Replace("&limit=20", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
                    break;
            }
        }

        Assert.Equal(ApiBenchCorpus.Shapes.Count, Enumerable.Range(0, 20).Select(ApiBenchCorpus.ShapeOf).Distinct().Count());
    }
}
