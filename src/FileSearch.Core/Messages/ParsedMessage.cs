using FileSearch.Core.Domain;

namespace FileSearch.Core.Messages;

/// <summary>A queue message body turned into events. <see cref="IsTestEvent"/> messages carry none and are simply acknowledged.</summary>
public sealed record ParsedMessage(IReadOnlyList<FileEvent> Events, bool IsTestEvent = false)
{
    public static ParsedMessage TestEvent { get; } = new([], IsTestEvent: true);
}
