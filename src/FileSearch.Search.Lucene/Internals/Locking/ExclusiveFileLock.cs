using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace FileSearch.Search.Lucene.Internals.Locking;

/// <summary>
/// An exclusive lock on a file held by an open handle: <c>flock(2)</c> on Linux and macOS (the kernel releases it when
/// the process ends, however it ends), an unshared handle on Windows. Unlike Lucene.NET's NativeFSLockFactory, which on
/// Linux lets two processes hold the same lock, it excludes other processes and other handles of this process alike.
/// The lock file is never deleted (deleting it would let a waiter lock an orphaned inode while a newcomer locks a new
/// one); the holder writes who it is into a file beside it so a refused process can name the holder.
/// </summary>
internal sealed partial class ExclusiveFileLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;

    private readonly FileStream _stream;

    private ExclusiveFileLock(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Takes the lock without waiting; null when another handle holds it.</summary>
    /// <param name="path">The lock file, created when missing and never deleted.</param>
    /// <param name="holder">Who takes it, written to <see cref="HolderPath"/> for refused processes to read; empty: not written.</param>
    public static ExclusiveFileLock? TryAcquire(string path, string holder)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            // FileShare.None: .NET takes flock(LOCK_EX) itself on Unix and an unshared handle on Windows.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException ex) when (IsHeldElsewhere(ex.HResult))
        {
            return null;
        }

        // Explicitly too, so the lock holds even where .NET's own file locking is switched off (DOTNET_SYSTEM_IO_DISABLEFILELOCKING).
        if (!OperatingSystem.IsWindows() && flock(stream.SafeFileHandle, LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            stream.Dispose();
            return IsHeldElsewhere(errno)
                ? null
                : throw new IOException($"Could not lock {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }

        var held = new ExclusiveFileLock(path, stream);
        if (holder.Length > 0)
        {
            held.Describe(holder);
        }

        return held;
    }

    /// <summary>The file beside a lock file where its holder describes itself.</summary>
    public static string HolderPath(string lockPath) => lockPath + ".holder";

    /// <summary>What the current holder of <paramref name="lockPath"/> wrote about itself (empty when nothing readable is there).</summary>
    public static string ReadHolder(string lockPath)
    {
        try
        {
            var text = File.ReadAllText(HolderPath(lockPath));
            return text.Length > 1024 ? text[..1024].Trim() : text.Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// The description of the live holder of <paramref name="lockPath"/>, waiting up to <paramref name="patience"/> for it: a
    /// holder writes its description just after taking the lock, so a process refused in that instant would otherwise read
    /// nothing, or the description a dead holder left. Returns the last text read (possibly empty) when the wait runs out.
    /// </summary>
    public static string ReadLiveHolder(string lockPath, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            var text = ReadHolder(lockPath);
            if ((text.Length > 0 && !NamesDeadLocalProcess(text)) || Environment.TickCount64 >= deadline)
            {
                return text;
            }

            Thread.Sleep(25);
        }
    }

    /// <summary>Whether a holder description ("pid N on HOST ...") names a process of this machine that is no longer running.</summary>
    public static bool NamesDeadLocalProcess(string description)
    {
        var match = HolderPattern().Match(description);
        if (!match.Success
            || !string.Equals(match.Groups["host"].Value, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Describes this process as a lock holder: pid, host, start time and command line.</summary>
    public static string DescribeThisProcess(DateTimeOffset now)
    {
        var args = Environment.GetCommandLineArgs();
        var command = string.Join(' ', args.Skip(1).Prepend(System.IO.Path.GetFileNameWithoutExtension(args[0])));
        if (command.Length > 300)
        {
            command = command[..300];
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on {Environment.MachineName} since {now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({command})");
    }

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = flock(_stream.SafeFileHandle, LockUnlock);
        }

        _stream.Dispose();
    }

    /// <summary>
    /// The error of a lock held by another handle: EWOULDBLOCK (11 on Linux, 35 on macOS and the BSDs; .NET reports the errno
    /// as the HResult on Unix), or a Windows sharing or lock violation.
    /// </summary>
    private static bool IsHeldElsewhere(int error) => OperatingSystem.IsWindows()
        ? error is unchecked((int)0x80070020) or unchecked((int)0x80070021)
        : error == (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11);

    private void Describe(string holder)
    {
        // Written after the lock is taken, so the file always describes the live holder (or a dead one, harmlessly).
        var temp = HolderPath(Path) + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(temp, holder + "\n", Encoding.UTF8);
        File.Move(temp, HolderPath(Path), overwrite: true);
    }

    [GeneratedRegex(@"^pid (?<pid>[0-9]+) on (?<host>\S+) ", RegexOptions.CultureInvariant)]
    private static partial Regex HolderPattern();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeFileHandle fd, int operation);
}
