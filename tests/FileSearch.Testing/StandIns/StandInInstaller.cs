using System.Diagnostics;

namespace FileSearch.Testing.StandIns;

/// <summary>Installs the npm stand-ins (<c>npm ci</c> in <c>tests/aws-standins</c>) when a command needs them and they are missing.</summary>
public static class StandInInstaller
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="which"/> (fauxqs or dynalite) is installed in <paramref name="standInDirectory"/>.</summary>
    public static bool IsInstalled(string standInDirectory, string which) =>
        Directory.Exists(Path.Combine(standInDirectory, "node_modules", which));

    /// <summary>
    /// Runs <c>npm ci</c> in <paramref name="standInDirectory"/> unless <paramref name="which"/> is installed already;
    /// <paramref name="progress"/> hears one line before it starts (it takes a while).
    /// </summary>
    /// <exception cref="InvalidOperationException">npm is missing, failed, or took more than 5 minutes; the message names the fix.</exception>
    public static async Task EnsureInstalledAsync(string standInDirectory, string which, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(standInDirectory);
        ArgumentNullException.ThrowIfNull(progress);
        if (IsInstalled(standInDirectory, which))
        {
            return;
        }

        if (!File.Exists(Path.Combine(standInDirectory, "package-lock.json")))
        {
            throw new InvalidOperationException($"{standInDirectory} holds no package-lock.json: run from a FileSearch checkout");
        }

        progress($"Installing the AWS stand-ins ({which} is missing): running `npm ci` in {standInDirectory} (once)...");
        var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = standInDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npm is not installed ({ex.Message}): install Node.js 20+ and run `npm ci` in {standInDirectory}", ex);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                await Task.WhenAll(output, errors).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(cancellationToken.IsCancellationRequested
                    ? "npm ci was interrupted"
                    : $"npm ci in {standInDirectory} did not finish within {InstallTimeout.TotalMinutes:0} minutes (is the npm registry reachable?)");
            }

            if (process.ExitCode != 0 || !IsInstalled(standInDirectory, which))
            {
                var last = (await errors.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
                throw new InvalidOperationException($"`npm ci` failed in {standInDirectory} (exit {process.ExitCode}: {last}); run it by hand to see why");
            }
        }
    }
}
