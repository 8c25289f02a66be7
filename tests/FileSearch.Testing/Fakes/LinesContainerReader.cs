using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>
/// A stand-in container: a <c>.zip</c> key whose content is lines <c>path=text</c>, one member each. Reading the member at
/// <see cref="FailAt"/> throws the error it makes; after <see cref="CancelAfter"/> members the token source is cancelled and
/// the reading ends the way a kill ends it. Before the member at <see cref="PauseAt"/> the reading waits for the task it is given.
/// </summary>
public sealed class LinesContainerReader : IContainerReader
{
    public (int Member, Func<Exception> Error)? FailAt { get; set; }

    public (int Members, CancellationTokenSource Crash)? CancelAfter { get; set; }

    public (int Member, Func<Task> Wait)? PauseAt { get; set; }

    public bool CanRead(FileKind kind) => kind == FileKind.Zip;

    public async Task<ContainerSummary> ReadAsync(string filePath, FileKind kind, string workDirectory, ContainerBudget budget,
        Func<ContainedFile, CancellationToken, Task> onMember, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(onMember);
        var lines = (await File.ReadAllLinesAsync(filePath, cancellationToken)).Where(l => l.Contains('=', StringComparison.Ordinal)).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            if (FailAt is { } failAt && failAt.Member == i + 1)
            {
                throw failAt.Error();
            }

            if (PauseAt is { } pause && pause.Member == i + 1)
            {
                await pause.Wait();
            }

            if (!budget.TryTakeMember())
            {
                return new ContainerSummary(i, [new SkippedMember(lines[i], "too-many-members", "Pipeline:MaxChildDocuments reached")]);
            }

            var separator = lines[i].IndexOf('=', StringComparison.Ordinal);
            var local = Path.Combine(workDirectory, $"member-{i}.txt");
            await File.WriteAllTextAsync(local, lines[i][(separator + 1)..], cancellationToken);
            await onMember(new ContainedFile(lines[i][..separator], local, new FileInfo(local).Length, null), cancellationToken);
            File.Delete(local);
            if (CancelAfter is { } crash && crash.Members == i + 1)
            {
                await crash.Crash.CancelAsync();
                crash.Crash.Token.ThrowIfCancellationRequested();
            }
        }

        return new ContainerSummary(lines.Count, []);
    }
}
