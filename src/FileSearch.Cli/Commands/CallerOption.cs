using System.CommandLine;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Commands;

/// <summary>
/// Who a reading command reads as: the OS user running it (root sees everything), or with <c>--as USER</c> (root only,
/// audited) that user with their groups. Documents the caller may not read do not exist for the command.
/// </summary>
public static partial class CallerOption
{
    public static Option<string?> Create() => new("--as") { Description = "Read as this OS user, with their permissions (root only; audited)" };

    /// <summary>The caller, or an error line when <c>--as</c> is not allowed or names nobody.</summary>
    public static (Caller? Caller, string? Error) Resolve(IServiceProvider services, string? asUser, string command)
    {
        ArgumentNullException.ThrowIfNull(services);
        var current = OsCaller.Current();
        if (string.IsNullOrWhiteSpace(asUser))
        {
            return (current, null);
        }

        if (!current.IsAdmin)
        {
            return (null, $"--as is for root: {current.User} reads with their own permissions");
        }

        if (OsCaller.Named(asUser) is not { } other)
        {
            return (null, $"--as: no user '{asUser}' on this system");
        }

        LogReadAs(services.GetRequiredService<ILoggerFactory>().CreateLogger("FileSearch.Audit"), current.User, command, other.User, string.Join(",", other.Groups));
        return (other, null);
    }

    /// <summary>As <see cref="Resolve"/>, writing the error line itself; null when the command must stop (exit code 2).</summary>
    public static Caller? ResolveOrReport(IServiceProvider services, string? asUser, string command)
    {
        var (caller, error) = Resolve(services, asUser, command);
        if (caller is null)
        {
            Spectre.Console.AnsiConsole.MarkupLine($"[red]error:[/] {Spectre.Console.Markup.Escape(error!)}");
        }

        return caller;
    }

    [LoggerMessage(EventId = 8500, Level = LogLevel.Warning, Message = "audit: {Admin} ran {Command} as {User} (groups {Groups})")]
    private static partial void LogReadAs(ILogger logger, string admin, string command, string user, string groups);
}
