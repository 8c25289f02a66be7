using FileSearch.Testing.StandIns;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>Makes sure the npm stand-ins the soak needs (fauxqs and dynalite) are installed, running <c>npm ci</c> once when they are not.</summary>
internal static class SoakPrerequisites
{
    public static async Task EnsureStandInsAsync(string standInDirectory, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(standInDirectory, "package-lock.json")))
        {
            throw new InvalidOperationException($"The AWS stand-ins are not at {standInDirectory}: run the soak from the repository (or pass --repo)");
        }

        void Progress(string line) => console.MarkupLine(Markup.Escape(line));
        foreach (var which in new[] { "fauxqs", "dynalite" })
        {
            await StandInInstaller.EnsureInstalledAsync(standInDirectory, which, Progress, cancellationToken).ConfigureAwait(false);
        }
    }
}
