using System.Diagnostics;
using System.Text;

namespace FileSearch.Cli.Tests;

/// <summary>Runs the built <c>filesearch</c> program as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "filesearch.dll");

    public static Task<(int ExitCode, string Output)> RunAsync(string dataDir, TimeSpan timeout, params string[] args) =>
        RunAsync(dataDir, timeout, new Dictionary<string, string>(), args);

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string dataDir, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(dataDir, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"filesearch {string.Join(' ', args)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public static Process Start(string dataDir, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(dataDir);
        info.Environment["COLUMNS"] = "200";
        // Tests reach loopback only: never the EC2 instance metadata address, whatever the backend.
        info.Environment["FILESEARCH_Spot__Enabled"] = "false";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Sends SIGTERM (graceful stop), as systemd or Ctrl+C would.</summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
