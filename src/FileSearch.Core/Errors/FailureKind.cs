namespace FileSearch.Core.Errors;

/// <summary>How a failure must be handled.</summary>
public enum FailureKind
{
    /// <summary>Throttling, timeouts, 5xx, locked files: try again later with backoff.</summary>
    Retryable = 0,

    /// <summary>Bad input, missing object, unsupported or corrupt file: retrying cannot help; dead-letter it.</summary>
    Permanent = 1,
}
