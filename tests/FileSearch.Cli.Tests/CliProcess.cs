using System.Diagnostics;
using System.Text;
using FileSearch.Testing;

namespace FileSearch.Cli.Tests;

/// <summary>Runs the built <c>filesearch</c> program as a separate process, as a user would.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "filesearch.dll");

    public static Task<(int ExitCode, string Output)> RunAsync(string dataDir, TimeSpan timeout, params string[] args) =>
        RunAsync(dataDir, timeout, new Dictionary<string, string>(), args);

    public static Task<(int ExitCode, string Output)> RunAsync(
        string dataDir, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.RunAsync(StartInfo(dataDir, args, environment), timeout);

    public static Process Start(string dataDir, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Process.Start(StartInfo(dataDir, args, environment)) ?? throw new InvalidOperationException("could not start dotnet");

    private static ProcessStartInfo StartInfo(string dataDir, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
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

        return info;
    }

    /// <summary>Sends SIGTERM (graceful stop), as systemd or Ctrl+C would.</summary>
    public static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
