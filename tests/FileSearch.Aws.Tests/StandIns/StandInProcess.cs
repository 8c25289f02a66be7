using System.Diagnostics;
using System.Reflection;

namespace FileSearch.Aws.Tests.StandIns;

/// <summary>
/// One AWS stand-in (fauxqs or dynalite from tests/aws-standins, installed by scripts/test.sh with npm ci) running on
/// 127.0.0.1 on a port the OS picked. It stops when its standard input closes, so it never outlives the tests.
/// </summary>
public sealed class StandInProcess : IAsyncDisposable
{
    private readonly Process _process;

    private StandInProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static string Directory =>
        typeof(StandInProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StandInDirectory").Value!;

    public static async Task<StandInProcess> StartAsync(string which)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", which)))
        {
            throw new InvalidOperationException($"The {which} stand-in is not installed: run `npm ci` in {Directory} (scripts/test.sh does)");
        }

        var info = new ProcessStartInfo("node", ["start.mjs", which])
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new StandInProcess(process, new Uri($"http://127.0.0.1:{line["listening ".Length..].Trim()}/"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException($"The {which} stand-in did not start within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
