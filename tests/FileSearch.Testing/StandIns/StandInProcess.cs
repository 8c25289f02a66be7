using System.Diagnostics;

namespace FileSearch.Testing.StandIns;

/// <summary>
/// One local AWS stand-in (fauxqs for SQS + S3, dynalite for DynamoDB; the npm packages pinned in
/// <c>tests/aws-standins</c>) running on 127.0.0.1 on a port the OS picked. Used by the tests and by the drills that
/// need AWS protocols without an AWS account (soak, load). It stops when its standard input closes, so it never
/// outlives the process that started it.
/// </summary>
public sealed class StandInProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private StandInProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The loopback endpoint the stand-in listens on.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts <paramref name="which"/> (<c>fauxqs</c> or <c>dynalite</c>) from <paramref name="standInDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">The stand-in is not installed or did not start within 30 s.</exception>
    public static async Task<StandInProcess> StartAsync(string standInDirectory, string which, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(standInDirectory);
        if (which is not ("fauxqs" or "dynalite"))
        {
            throw new ArgumentException("The stand-in must be fauxqs or dynalite.", nameof(which));
        }

        if (!StandInInstaller.IsInstalled(standInDirectory, which))
        {
            throw new InvalidOperationException(
                $"The {which} stand-in is not installed: run `npm ci` in {standInDirectory} (scripts/test.sh does)");
        }

        var info = new ProcessStartInfo("node", ["start.mjs", which])
        {
            WorkingDirectory = standInDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new StandInProcess(process, new Uri($"http://127.0.0.1:{line["listening ".Length..].Trim()}/"));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException($"The {which} stand-in did not start within {StartTimeout.TotalSeconds:0} s");
    }

    /// <summary>Closes the stand-in's input so it exits; kills it if it has not exited within 5 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
