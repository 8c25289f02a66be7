namespace FileSearch.Embedded;

/// <summary>
/// A folder entry that a listing did not return as an object, and why: <c>special-file</c> (FIFO, socket, device),
/// <c>link-outside-folder</c> (a symbolic link leading out of the bucket's folder: never followed), <c>broken-link</c>
/// (dangling), <c>link-loop</c>, <c>invalid-name</c> (not valid UTF-8, a control character, ...), <c>unreadable</c> (a
/// folder that cannot be listed or an entry that cannot be read), <c>too-deep</c> (more than 64 folders down).
/// </summary>
/// <param name="Key">The entry's key, as near as its name allows (an invalid name keeps its replacement characters).</param>
/// <param name="Path">The entry's path in the folder.</param>
/// <param name="Code">The stable reason code.</param>
/// <param name="Reason">One line for people.</param>
public sealed record SkippedEntry(string Key, string Path, string Code, string Reason);
