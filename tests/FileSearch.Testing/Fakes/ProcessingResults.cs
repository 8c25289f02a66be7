using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;

namespace FileSearch.Testing.Fakes;

/// <summary>Processing results as the pipeline reports them to observers (metrics tests).</summary>
public static class ProcessingResults
{
    /// <summary>A 3-page a.pdf processed in 1.5 s with one 0.2 s extract stage; failed retryably with <paramref name="failureCode"/> when given.</summary>
    public static ProcessingResult Of(ProcessingOutcome outcome, string? failureCode = null) => new()
    {
        Event = new FileEvent(FileEventKind.Created, "bucket", "a.pdf"),
        Outcome = outcome,
        Pages = 3,
        Duration = TimeSpan.FromSeconds(1.5),
        Stages = [new StageOutcome("extract", StageStatus.Succeeded, TimeSpan.FromSeconds(0.2))],
        Failure = failureCode is null ? null : new FailureClassification(FailureKind.Retryable, failureCode, "slow down"),
    };
}
