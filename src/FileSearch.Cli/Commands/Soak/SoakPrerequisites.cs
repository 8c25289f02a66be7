using System.Diagnostics;
using Spectre.Console;

namespace FileSearch.Cli.Commands.Soak;

/// <summary>Makes sure the npm stand-ins are installed, running <c>npm ci</c> once when they are not.</summary>
internal static class SoakPrerequisites
{
    public static async Task EnsureStandInsAsync(string standInDirectory, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(standInDirectory, "package-lock.json")))
        {
            throw new InvalidOperationException($"The AWS stand-ins are not at {standInDirectory}: run the soak from the repository (or pass --repo)");
        }

        if (System.IO.Directory.Exists(Path.Combine(standInDirectory, "node_modules", "fauxqs"))
            && System.IO.Directory.Exists(Path.Combine(standInDirectory, "node_modules", "dynalite")))
        {
            return;
        }

        console.MarkupLine($"Installing the AWS stand-ins: npm ci in [grey]{Markup.Escape(standInDirectory)}[/]");
        var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = standInDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
            var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` failed in {standInDirectory}: {(await errors.ConfigureAwait(false)).Trim()}");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"The AWS stand-ins are not installed and npm is not available ({ex.Message}): install Node.js and run `npm ci` in {standInDirectory}", ex);
        }
    }
}
