namespace FileSearch.Core.Errors;

/// <summary>Failure codes that code (not only people) acts on; classifiers return them in <see cref="FailureClassification.Code"/>.</summary>
public static class FailureCodes
{
    /// <summary>The service asked the caller to slow down (HTTP 429/503, ThrottlingException, SlowDown, ...): feeds adaptive rate limits.</summary>
    public const string Throttled = "throttled";

    /// <summary>A queue receipt handle is no longer valid (the message was received again elsewhere or already deleted).</summary>
    public const string StaleReceipt = "stale-receipt";

    /// <summary>A local disk is full (ENOSPC, EDQUOT): retryable, and the worker stops taking messages until space returns.</summary>
    public const string DiskFull = "disk-full";
}
