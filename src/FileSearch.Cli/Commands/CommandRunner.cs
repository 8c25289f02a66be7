using System.CommandLine;
using System.Runtime.InteropServices;
using FileSearch.Core.Errors;
using FileSearch.Embedded.Permissions;
using FileSearch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>Runs a command body inside a started host and turns failures into one clear line and an exit code.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        GlobalOptions globals,
        LogLevel logLevel,
        Func<IServiceProvider, CliContext, CancellationToken, Task<int>> body,
        CancellationToken cancellationToken,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(globals);
        ArgumentNullException.ThrowIfNull(body);
        var context = new CliContext(CliContext.ResolveDataDirectory(parseResult.GetValue(globals.DataDir)), parseResult.GetValue(globals.Verbose));
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        cancellationToken = interrupted.Token;
        try
        {
            var builder = FileSearchHost.CreateBuilder(context, logLevel);
            configureServices?.Invoke(builder.Services);
            using var host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await body(host.Services, context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                if (host.Services is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/]");
            return 130;
        }
        catch (Exception ex)
        {
            return ReportError(ex, context.Verbose);
        }

        void Cancel(PosixSignalContext signal)
        {
            // First signal: stop gracefully (in-flight messages are released); the default action would kill at once.
            signal.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        }
    }

    /// <summary>Writes the error as one line (the whole exception with --verbose) and picks the exit code.</summary>
    public static int ReportError(Exception exception, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (message, code) = exception switch
        {
            OptionsValidationException o => ($"invalid configuration: {string.Join("; ", o.Failures)}", ExitCodes.Usage),
            IndexWriterBusyException busy => (busy.Message, ExitCodes.IndexBusy),
            StorageDamagedException damaged => (damaged.Message, ExitCodes.StorageDamaged),
            DataDirectoryNotPrivateException open => (open.Message, ExitCodes.Usage),
            ProcessingException { Code: "object-not-found" } p => (p.Message, ExitCodes.NotFound),
            _ => (exception.Message, ExitCodes.Error),
        };
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        stderr.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (verbose)
        {
            stderr.WriteException(exception);
        }

        return code;
    }

    /// <summary>Convenience for bodies that only need one service.</summary>
    public static T Get<T>(this IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();
}
