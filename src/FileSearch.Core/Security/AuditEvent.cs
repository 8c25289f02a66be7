namespace FileSearch.Core.Security;

/// <summary>What an audited caller did.</summary>
public enum AuditAction
{
    /// <summary>A search (audited for admins, who see every document).</summary>
    Search,

    /// <summary>A document's metadata (audited for admins).</summary>
    Metadata,

    /// <summary>A document's extracted text.</summary>
    Text,

    /// <summary>A document's original file.</summary>
    Original,

    /// <summary>A document's thumbnail.</summary>
    Thumbnail,

    /// <summary>Images similar to a document or to an uploaded image (audited for admins).</summary>
    Similar,

    /// <summary>Why a principal may or may not read a document.</summary>
    ExplainAccess,

    /// <summary>The dead-letter list or the recent failures.</summary>
    ReadFailures,

    /// <summary>Dead-lettered messages moved back to the queue.</summary>
    Redrive,

    /// <summary>A reindex started.</summary>
    Reindex,

    /// <summary>A command run with another user's permissions (<c>--as</c>).</summary>
    ReadAs,

    /// <summary>An API key created.</summary>
    CreateApiKey,

    /// <summary>An API key revoked.</summary>
    RevokeApiKey,

    /// <summary>A report of duplicate documents (audited for admins, who see every document).</summary>
    Duplicates,
}

/// <summary>How an audited request ended.</summary>
public enum AuditOutcome
{
    /// <summary>Done: the caller may read the document, or the admin action ran.</summary>
    Allowed,

    /// <summary>The document exists but the caller may not read it (the caller was told it does not exist).</summary>
    Denied,

    /// <summary>No such document (or not indexed).</summary>
    NotFound,

    /// <summary>The action was refused or did nothing (e.g. a reindex already running, an unknown key).</summary>
    Refused,
}

/// <summary>One audit record: who did what to which document or resource, the outcome and why.</summary>
/// <param name="Time">When (UTC).</param>
/// <param name="User">The caller's user name.</param>
/// <param name="Authentication">How the caller was identified: local, os, oidc, jwt or apikey.</param>
/// <param name="Admin">Whether the caller holds the admin role.</param>
/// <param name="Action">What was done.</param>
/// <param name="Target">The document id, query, message id or user name acted on.</param>
/// <param name="Outcome">Allowed, denied, not found or refused.</param>
/// <param name="Reason">Why: the deciding permission entry and its source, or what the action did.</param>
public sealed record AuditEvent(
    DateTimeOffset Time, string User, string Authentication, bool Admin, AuditAction Action, string Target, AuditOutcome Outcome, string Reason);
