using FileSearch.Core.Domain;

namespace FileSearch.Core.Pipeline;

/// <summary>Who a member or attachment is, as a document of its own (see <see cref="ProcessingContext.Member"/>).</summary>
/// <param name="Id">Its id: <see cref="DocumentId.ForMember"/> of the top-level file's id and <paramref name="MemberPath"/>.</param>
/// <param name="ParentId">The top-level file it was read from.</param>
/// <param name="MemberPath">Its path inside the file, nested containers joined by <c> › </c>.</param>
/// <param name="Name">The name shown: the file name, the separator, then <paramref name="MemberPath"/>.</param>
public sealed record MemberIdentity(DocumentId Id, DocumentId ParentId, string MemberPath, string Name);
