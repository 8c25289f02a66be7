using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Core.Pipeline;

/// <summary>
/// Private temp folders: one root per process (<c>{TempDirectory}/{pid}-{random}</c>), one sub-folder per
/// message, removed when the message is done whatever the outcome. Roots left by processes that no longer
/// run (a crash or SIGKILL) are removed at start.
/// </summary>
public sealed class TempWorkspace : IDisposable
{
    private readonly ILogger<TempWorkspace> _logger;
    private readonly Lazy<string> _root;

    public TempWorkspace(IOptions<PipelineOptions> options, ILogger<TempWorkspace> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        BaseDirectory = Path.GetFullPath(options.Value.TempDirectory);
        _root = new Lazy<string>(CreateRoot);
    }

    public string BaseDirectory { get; }

    /// <summary>This process's root (created on first use).</summary>
    public string Root => _root.Value;

    /// <summary>Creates an empty private folder for one message.</summary>
    public string CreateFolder()
    {
        var path = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        var info = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            info.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        return path;
    }

    /// <summary>Deletes a message folder; never throws.</summary>
    public static void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        if (_root.IsValueCreated)
        {
            DeleteFolder(_root.Value);
        }
    }

    private string CreateRoot()
    {
        Directory.CreateDirectory(BaseDirectory);
        RemoveStaleRoots();
        var root = Path.Combine(BaseDirectory, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        return root;
    }

    private void RemoveStaleRoots()
    {
        foreach (var dir in Directory.EnumerateDirectories(BaseDirectory))
        {
            var name = Path.GetFileName(dir);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                DeleteFolder(dir);
                Log.StaleTempRemoved(_logger, dir);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
