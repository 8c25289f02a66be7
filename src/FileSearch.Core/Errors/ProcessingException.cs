namespace FileSearch.Core.Errors;

/// <summary>
/// A failure whose handling is known: adapters and stages throw it with a stable reason code and a
/// sentence a person can act on. Anything else is classified by <see cref="IErrorClassifier"/>.
/// </summary>
public class ProcessingException : Exception
{
    public ProcessingException()
        : this(FailureKind.Retryable, "unknown", "Unknown processing failure")
    {
    }

    public ProcessingException(string message)
        : this(FailureKind.Retryable, "unknown", message)
    {
    }

    public ProcessingException(string message, Exception innerException)
        : this(FailureKind.Retryable, "unknown", message, innerException)
    {
    }

    public ProcessingException(FailureKind kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    public FailureKind Kind { get; }

    /// <summary>Stable machine-readable reason, e.g. <c>empty-file</c>, <c>corrupt-pdf</c>, <c>object-not-found</c>.</summary>
    public string Code { get; }

    public static ProcessingException Permanent(string code, string message, Exception? inner = null) =>
        new(FailureKind.Permanent, code, message, inner);

    public static ProcessingException Retryable(string code, string message, Exception? inner = null) =>
        new(FailureKind.Retryable, code, message, inner);
}
