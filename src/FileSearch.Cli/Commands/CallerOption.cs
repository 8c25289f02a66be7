using System.CommandLine;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace FileSearch.Cli.Commands;

/// <summary>
/// Who a reading command reads as: the OS user running it (root sees everything), or with <c>--as USER</c> (root only,
/// audited) that user with their groups. Documents the caller may not read do not exist for the command.
/// </summary>
public static class CallerOption
{
    public static Option<string?> Create() => new("--as") { Description = "Read as this OS user, with their permissions (root only; audited)" };

    /// <summary>The caller, or an error line when <c>--as</c> is not allowed or names nobody.</summary>
    public static async Task<(Caller? Caller, string? Error)> ResolveAsync(IServiceProvider services, string? asUser, string command, CancellationToken cancellationToken)
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

        await services.GetRequiredService<AuditLog>().RecordAsync(current, AuditAction.ReadAs, other.User, AuditOutcome.Allowed,
            $"{command} with the permissions of {other.User} (groups {string.Join(",", other.Groups)})", cancellationToken).ConfigureAwait(false);
        return (other, null);
    }

    /// <summary>As <see cref="ResolveAsync"/>, writing the error line itself; null when the command must stop (exit code 2).</summary>
    public static async Task<Caller?> ResolveOrReportAsync(IServiceProvider services, string? asUser, string command, CancellationToken cancellationToken)
    {
        var (caller, error) = await ResolveAsync(services, asUser, command, cancellationToken).ConfigureAwait(false);
        if (caller is null)
        {
            Spectre.Console.AnsiConsole.MarkupLine($"[red]error:[/] {Spectre.Console.Markup.Escape(error!)}");
        }

        return caller;
    }
}
