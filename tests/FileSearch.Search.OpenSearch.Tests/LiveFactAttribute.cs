namespace FileSearch.Search.OpenSearch.Tests;

/// <summary>A fact that needs a real cluster: skipped, saying why, unless <c>OPENSEARCH_URL</c> is set.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public const string Variable = "OPENSEARCH_URL";

    public LiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: the live OpenSearch suite (OpenSearchLiveConformanceTests) is skipped. "
                + $"Set {Variable}=http://host:9200 (analysis-kuromoji and k-NN plugins installed) and rebuild to run it.";
        }
    }
}
