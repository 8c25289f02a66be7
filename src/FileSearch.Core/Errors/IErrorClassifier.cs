namespace FileSearch.Core.Errors;

/// <summary>A classified failure: its kind, a stable code and a one-line reason.</summary>
public sealed record FailureClassification(FailureKind Kind, string Code, string Reason);

/// <summary>Decides whether an exception is retryable or permanent. One instance serves every adapter.</summary>
public interface IErrorClassifier
{
    FailureClassification Classify(Exception exception);
}
