using System.CommandLine;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Server.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>similar &lt;file|doc-id&gt; [--limit N] [--type png]</c>: documents whose image vectors are nearest.</summary>
public static class SimilarCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var target = new Argument<string>("document") { Description = "Document id, indexed path, or any image file (embedded on the fly)" };
        var limit = new Option<int>("--limit", "-n") { Description = "Number of hits", DefaultValueFactory = _ => 10 };
        var type = new Option<string?>("--type", "-t") { Description = "Only this file type (png, jpg, pdf, ...)" };
        var json = JsonOutput.Option();
        var asUser = CallerOption.Create();
        var command = new Command("similar", "Find documents that look like an image (nearest image vectors)") { target, limit, type, json, asUser };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var name = parse.GetValue(target)!;
            if (await CallerOption.ResolveOrReportAsync(services, parse.GetValue(asUser), "similar", token).ConfigureAwait(false) is not { } caller)
            {
                return ExitCodes.Usage;
            }

            var request = new SearchQuery(string.Empty, parse.GetValue(type)?.TrimStart('.').ToLowerInvariant(), Math.Clamp(parse.GetValue(limit), 1, 1000))
            {
                Visibility = FileSearch.Core.Security.Visibility.Of(caller),
            };
            var record = await ShowCommand.FindAsync(services.Get<IMetadataStore>(), name, token).ConfigureAwait(false);
            if (record is not null && !DocumentAccess.MayRead(caller, record))
            {
                record = null;
                if (!File.Exists(name))
                {
                    AnsiConsole.MarkupLine($"[red]error:[/] no document or file {Markup.Escape(name)}");
                    return ExitCodes.NotFound;
                }
            }

            if (record is not null)
            {
                request = request with { SimilarTo = record.Id };
            }
            else if (File.Exists(name))
            {
                var kind = FileKinds.FromExtension(Path.GetExtension(name));
                var byImage = await services.Get<IImageEmbedder>().WithImageAsync(request, Path.GetFullPath(name), kind, token).ConfigureAwait(false);
                if (byImage is null)
                {
                    AnsiConsole.MarkupLine($"[red]error:[/] no image vector for {Markup.Escape(name)}: configure an image embedder (Backends:Embedder)");
                    return ExitCodes.Error;
                }

                request = byImage;
            }
            else
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no document or file {Markup.Escape(name)}");
                return ExitCodes.NotFound;
            }

            try
            {
                var started = TimeProvider.System.GetTimestamp();
                var results = await services.Get<ISearchIndex>().SearchAsync(request, token).ConfigureAwait(false);
                if (AuditLog.Audits(caller, AuditAction.Similar))
                {
                    await services.Get<AuditLog>().RecordAsync(caller, AuditAction.Similar, record?.Id.Value ?? "file:" + Path.GetFileName(name),
                        AuditOutcome.Allowed, $"{results.TotalHits} similar images; root sees every document", token).ConfigureAwait(false);
                }

                if (parse.GetValue(json))
                {
                    JsonOutput.Write(Dtos.Search(request, results, TimeProvider.System.GetElapsedTime(started), UncMapper.From(services.Get<IConfiguration>())));
                    return ExitCodes.Success;
                }

                SearchCommand.Render(request with { Text = $"similar to {Path.GetFileName(name)}" }, results);
                return ExitCodes.Success;
            }
            catch (ProcessingException ex) when (ex.Kind == FailureKind.Permanent)
            {
                AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
                return ExitCodes.Error;
            }
        }, ct));
        return command;
    }
}
