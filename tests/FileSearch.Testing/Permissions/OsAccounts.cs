using System.Diagnostics;

namespace FileSearch.Testing.Permissions;

/// <summary>
/// Real users and groups for permission tests, created with <c>useradd</c>/<c>groupadd</c> (the test run is root) under a
/// unique prefix and removed on dispose. Each user gets its own primary group of the same name (<c>useradd -U</c>).
/// </summary>
public sealed class OsAccounts : IDisposable
{
    private readonly string _prefix = "fs" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _users = [];
    private readonly List<string> _groups = [];

    /// <summary>True when accounts can be created here (root, with the shadow-utils tools).</summary>
    public static bool Available => Environment.UserName == "root" && File.Exists("/usr/sbin/useradd") && File.Exists("/usr/sbin/runuser");

    /// <summary>Creates group <c>{prefix}{suffix}</c>; returns its name.</summary>
    public string Group(string suffix)
    {
        var name = _prefix + suffix;
        Run("groupadd", name);
        _groups.Add(name);
        return name;
    }

    /// <summary>Creates user <c>{prefix}{suffix}</c> (no home, no login shell) in <paramref name="groups"/>; returns its name.</summary>
    public string User(string suffix, params string[] groups)
    {
        var name = _prefix + suffix;
        string[] args = groups.Length > 0
            ? ["-M", "-U", "-s", "/usr/sbin/nologin", "-G", string.Join(',', groups), name]
            : ["-M", "-U", "-s", "/usr/sbin/nologin", name];
        Run("useradd", args);
        _users.Add(name);
        return name;
    }

    public void Dispose()
    {
        foreach (var user in _users)
        {
            TryRun("userdel", user);
        }

        foreach (var group in _groups)
        {
            TryRun("groupdel", group);
        }
    }

    /// <summary>Runs a program and returns its exit code and standard output; throws when it cannot start.</summary>
    public static (int ExitCode, string Output) Exec(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error);
    }

    /// <summary>Runs a program that must succeed.</summary>
    public static void Run(string program, params string[] args)
    {
        var (code, output) = Exec(program, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {code}: {output.Trim()}");
        }
    }

    private static void TryRun(string program, params string[] args)
    {
        try
        {
            Exec(program, args);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
