namespace FileSearch.Core.Security;

/// <summary>
/// What a search may return: only documents that one of <see cref="Principals"/> may read and none is denied (deny wins);
/// documents without permission information are left out (fail closed). A <see cref="Ports.SearchQuery"/> without a
/// visibility is unrestricted: admins and internal callers.
/// </summary>
/// <param name="Principals">The caller's principals, normalised (<see cref="Principal"/>), <c>everyone</c> included.</param>
public sealed record Visibility(IReadOnlyList<string> Principals)
{
    /// <summary>The visibility of <paramref name="caller"/>: null (everything) for admins.</summary>
    public static Visibility? Of(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsAdmin ? null : new Visibility(caller.Principals());
    }
}
