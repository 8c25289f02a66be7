using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FileSearch.Core.Errors;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;

namespace FileSearch.Extraction.LibreOffice;

/// <summary>
/// One warm LibreOffice: a headless <c>soffice</c> with its own profile listening on a private pipe, and the
/// <c>lo_convert.py</c> helper that drives it over UNO, one document at a time. Started on first use; killed (whole
/// process tree) and started again after a timeout, a crash, or <see cref="LibreOfficeOptions.MaxConversionsPerInstance"/>
/// documents. Not thread-safe: the converter hands it to one caller at a time.
/// </summary>
internal sealed class LibreOfficeInstance(
    int number, LibreOfficeOptions options, string workDirectory, string scriptPath, TimeProvider timeProvider, ILogger logger) : IDisposable
{
    private Process? _office;
    private Process? _helper;
    private string? _profile;
    private int _conversions;
    private int _generation;

    /// <summary>The running soffice's process id, null when stopped.</summary>
    public int? OfficeProcessId => _office is { HasExited: false } office ? office.Id : null;

    /// <summary>True when the next conversion finds both processes running (no start needed).</summary>
    public bool IsWarm => _office is { HasExited: false } && _helper is { HasExited: false };

    /// <summary>
    /// Loads <paramref name="input"/> once and writes it to each of <paramref name="outputs"/> in order; returns null on
    /// success, else why LibreOffice cannot read the file or write its first output. An output after the first that
    /// cannot be written is logged and left missing.
    /// </summary>
    /// <exception cref="ProcessingException">Retryable: LibreOffice cannot be started, crashed or timed out.</exception>
    public async Task<string?> ConvertAsync(
        string input, IReadOnlyList<(string Path, OfficeConversion Conversion)> outputs, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        if (!IsWarm || _conversions >= options.MaxConversionsPerInstance)
        {
            await RestartAsync(cleanProfile: !IsWarm && _generation > 0, cancellationToken).ConfigureAwait(false);
        }

        _conversions++;
        var helper = _helper!;
        using var timeout = new CancellationTokenSource(timeLimit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? line;
        try
        {
            var request = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["in"] = input,
                ["outputs"] = outputs.Select(o => new Dictionary<string, object>
                {
                    ["out"] = o.Path,
                    ["filter"] = o.Conversion.FilterName,
                    ["filterData"] = o.Conversion.FilterData ?? new Dictionary<string, string>(),
                }).ToArray(),
            });
            await helper.StandardInput.WriteLineAsync(request.AsMemory(), linked.Token).ConfigureAwait(false);
            await helper.StandardInput.FlushAsync(linked.Token).ConfigureAwait(false);
            line = await helper.StandardOutput.ReadLineAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ConversionTimedOut(logger, number, input, timeLimit);
            Stop();
            throw ProcessingException.Retryable(
                "conversion-timeout", $"LibreOffice did not convert the file within {timeLimit} (Extraction:LibreOffice); the instance was restarted");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Stop(); // mid-document: the instance's state is unknown
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw ProcessingException.Retryable("converter-crashed", $"LibreOffice's helper stopped answering: {ex.Message}", ex);
        }

        return Interpret(line, input);
    }

    private string? Interpret(string? line, string input)
    {
        if (line is null)
        {
            Log.InstanceCrashed(logger, number, input, "helper exited");
            Stop();
            throw ProcessingException.Retryable("converter-crashed", "LibreOffice stopped while converting the file; the instance was restarted");
        }

        using var answer = JsonDocument.Parse(line);
        var root = answer.RootElement;
        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            if (root.TryGetProperty("skipped", out var skipped) && skipped.ValueKind == JsonValueKind.Array)
            {
                foreach (var output in skipped.EnumerateArray())
                {
                    var path = output.TryGetProperty("out", out var o) ? o.GetString() ?? string.Empty : string.Empty;
                    var reason = output.TryGetProperty("error", out var r) ? r.GetString() ?? "unknown error" : "unknown error";
                    Log.OutputSkipped(logger, input, Path.GetExtension(path), reason);
                }
            }

            return null;
        }

        var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown error" : "unknown error";
        if (root.TryGetProperty("kind", out var kind) && kind.GetString() == "load")
        {
            return error;
        }

        Log.InstanceCrashed(logger, number, input, error);
        Stop();
        throw ProcessingException.Retryable("converter-crashed", $"LibreOffice failed while converting the file ({error}); the instance was restarted");
    }

    private async Task RestartAsync(bool cleanProfile, CancellationToken cancellationToken)
    {
        Stop();
        _generation++;
        _conversions = 0;
        if (cleanProfile && _profile is not null)
        {
            ConversionDirectories.Delete(_profile); // a crash can leave a profile that crashes the next start
            _profile = null;
        }

        _profile ??= ConversionDirectories.Create(workDirectory, "profile");
        // Unique per start, not per process: two converters in one process (or one restarting) must never share a pipe,
        // or one helper talks to the other's office and loses it when that office stops.
        var pipe = string.Create(CultureInfo.InvariantCulture, $"filesearch-lo-{Guid.NewGuid():N}");
        var started = timeProvider.GetTimestamp();
        _office = Start(options.SofficePath,
            ["-env:UserInstallation=" + new Uri(_profile + "/").AbsoluteUri, "--headless", "--invisible", "--nologo", "--norestore",
             "--nodefault", "--nolockcheck", "--nofirststartwizard", $"--accept=pipe,name={pipe};urp;"],
            redirectInput: false);
        _helper = Start(options.PythonPath,
            [scriptPath, pipe, options.StartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)], redirectInput: true);

        using var timeout = new CancellationTokenSource(options.StartTimeout + TimeSpan.FromSeconds(5), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? ready;
        try
        {
            ready = await _helper.StandardOutput.ReadLineAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stop();
            cancellationToken.ThrowIfCancellationRequested();
            throw Unavailable($"it did not start within {options.StartTimeout}");
        }

        if (ready is null || !ready.Contains("\"ready\"", StringComparison.Ordinal))
        {
            Stop();
            throw Unavailable(ready ?? $"{options.PythonPath} {Path.GetFileName(scriptPath)} exited (is python3-uno installed for it?)");
        }

        Log.InstanceStarted(logger, number, _office.Id, timeProvider.GetElapsedTime(started));
    }

    private Process Start(string executable, string[] arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            Stop();
            throw Unavailable($"{executable} cannot be started ({ex.Message})");
        }

        var name = Path.GetFileName(executable);
        process.ErrorDataReceived += (_, e) => LogOutput(name, e.Data);
        process.BeginErrorReadLine();
        if (!redirectInput)
        {
            process.OutputDataReceived += (_, e) => LogOutput(name, e.Data);
            process.BeginOutputReadLine();
        }
        return process;
    }

    private void LogOutput(string name, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            Log.ProcessOutput(logger, number, name, line);
        }
    }

    private static ProcessingException Unavailable(string why) => ProcessingException.Retryable(
        "converter-unavailable",
        $"LibreOffice is not available: {why}. Install libreoffice-writer-nogui, libreoffice-impress-nogui and python3-uno, or set Extraction:LibreOffice");

    /// <summary>Kills both processes with their children (soffice starts soffice.bin through oosplash).</summary>
    public void Stop()
    {
        Kill(ref _helper);
        Kill(ref _office);
    }

    private static void Kill(ref Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
        catch (Win32Exception)
        {
        }

        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        if (_profile is not null)
        {
            ConversionDirectories.Delete(_profile);
        }
    }
}
