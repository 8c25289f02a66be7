using System.CommandLine;
using FileSearch.Hosting;
using FileSearch.Scaling.Scaler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>scaler [--group NAME] [--once]</c>: applies the scaling policy (<c>Scaling:Policy</c>) to the worker Auto Scaling
/// group (<c>Scaling:Scaler</c>) from the queue's depth, every <c>Scaling:Scaler:Interval</c> until stopped.
/// </summary>
public static class ScalerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var group = new Option<string?>("--group", "-g") { Description = "Auto Scaling group name (default: Scaling:Scaler:GroupName)" };
        var once = new Option<bool>("--once") { Description = "Evaluate once, print the decision and exit" };
        var command = new Command("scaler", "Scale the worker Auto Scaling group on queue depth") { group, once };
        command.SetAction(async (parse, ct) =>
        {
            var context = new CliContext(CliContext.ResolveDataDirectory(parse.GetValue(globals.DataDir)), parse.GetValue(globals.Verbose));
            try
            {
                var builder = FileSearchHost.CreateBuilder(context, LogLevel.Information);
                if (parse.GetValue(group) is { } name)
                {
                    builder.Configuration["Scaling:Scaler:GroupName"] = name;
                }

                builder.Services.AddScaler(builder.Configuration);
                using var host = builder.Build();
                await host.StartAsync(ct).ConfigureAwait(false);
                try
                {
                    var scaler = host.Services.GetRequiredService<QueueScaler>();
                    if (parse.GetValue(once))
                    {
                        var decision = await scaler.EvaluateOnceAsync(ct).ConfigureAwait(false);
                        await Console.Out.WriteLineAsync($"{decision.ActionName} {decision.StatusName} capacity {decision.CurrentCapacity} -> {decision.DesiredCapacity} depth {decision.CurrentQueueDepth}: {decision.Reason}");
                    }
                    else
                    {
                        await scaler.RunAsync(ct).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            catch (Exception ex)
            {
                return CommandRunner.ReportError(ex, context.Verbose);
            }
        });
        return command;
    }
}
